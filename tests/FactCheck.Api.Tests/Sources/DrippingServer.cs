using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FactCheck.Api.Tests.Sources;

/// <summary>A server on 127.0.0.1 that answers at once with headers, then sends the body one byte every 300 ms.</summary>
public sealed class DrippingServer : IAsyncDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource stop = new();
    readonly Task loop;
    int requests;

    public DrippingServer()
    {
        listener.Start();
        loop = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public int Requests => Volatile.Read(ref requests);

    async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            Interlocked.Increment(ref requests);
            try
            {
                var stream = client.GetStream();
                // Read the request head; its content does not matter.
                _ = await stream.ReadAsync(new byte[4096], stop.Token);
                var body = "<html><body><p>" + new string('a', 200) + "</p></body></html>";
                var head = $"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), stop.Token);
                foreach (var b in Encoding.ASCII.GetBytes(body))
                {
                    await stream.WriteAsync(new[] { b }, stop.Token);
                    await Task.Delay(300, stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // the client gave up, as it should
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await loop;
        stop.Dispose();
    }
}
