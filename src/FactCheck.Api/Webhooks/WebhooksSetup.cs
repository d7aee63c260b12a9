using FactCheck.Api.Sources;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Webhooks;

public static class WebhooksSetup
{
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHttpClient(DeliveryWorker.ClientName)
            .ConfigurePrimaryHttpMessageHandler(services => DeliveryWorker.Handler(services.GetRequiredService<UrlGuard>()))
            // Each attempt has its own timeout in the worker; the queue, not the client, retries.
            .ConfigureHttpClient(client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("FactCheck-Webhooks/1.0");
            });
        builder.Services.AddSingleton<DeliveryWorker>();
        builder.Services.AddSingleton<IHostedService>(services =>
            services.GetRequiredService<IOptions<WebhookOptions>>().Value.WorkerEnabled
                ? services.GetRequiredService<DeliveryWorker>()
                : new Platform.IdleService());
        return builder;
    }
}
