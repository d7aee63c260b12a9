using Microsoft.Extensions.Options;

namespace FactCheck.Api.Platform;

/// <summary>
/// Caps request bodies at <see cref="ApiOptions.MaxRequestBodyBytes"/> and answers 413 before any
/// work is done: by Content-Length when it is declared, else by reading at most one byte past the cap.
/// Works the same under Kestrel and the test server, which does not enforce Kestrel's limit.
/// </summary>
sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<ApiOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsDelete(request.Method))
        {
            await next(context);
            return;
        }

        if (request.ContentLength > limit)
            throw TooLarge(limit);

        if (request.ContentLength is null)
        {
            // Chunked: buffer up to the cap so the handler sees a seekable body of known size.
            var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > limit) throw TooLarge(limit);
                buffer.Write(chunk, 0, read);
            }
            buffer.Position = 0;
            request.Body = buffer;
            request.ContentLength = buffer.Length;
        }

        await next(context);
    }

    static BadHttpRequestException TooLarge(long limit) =>
        new($"The request body exceeds the limit of {limit:N0} bytes.", StatusCodes.Status413PayloadTooLarge);
}
