using FactCheck.Api.Sources;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Webhooks;

public static class WebhooksSetup
{
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        // Change events are written by the SaveChanges of the change itself: the context picks these interceptors up.
        builder.Services.AddSingleton<DeliverySignal>();
        builder.Services.AddSingleton(services => new ChangeEventInterceptor(services.GetRequiredService<DeliverySignal>()));
        builder.Services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(services => services.GetRequiredService<ChangeEventInterceptor>());
        builder.Services.AddSingleton(services => services.GetRequiredService<ChangeEventInterceptor>().Commits);
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
