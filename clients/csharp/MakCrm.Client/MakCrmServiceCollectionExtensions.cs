using MakCrm.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the MaK CRM SDK in a service collection.</summary>
public static class MakCrmServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IMakCrmApiClient"/> as a typed <see cref="HttpClient"/> of <c>IHttpClientFactory</c>, with one
    /// <see cref="MakCrmTokenProvider"/> singleton for its credentials and the handlers, outermost first:
    /// <see cref="MakCrmLoggingHandler"/>, <see cref="MakCrmIdempotencyHandler"/>, <see cref="MakCrmTokenHandler"/>,
    /// <see cref="MakCrmRetryHandler"/>. The factory's own request logging is removed: it logs whole URLs, whose query
    /// may hold personal data (a phone searched for); <see cref="MakCrmLoggingHandler"/> logs the operation instead.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (at least <see cref="MakCrmClientOptions.BaseAddress"/>).</param>
    /// <returns>The HttpClient's builder, to add handlers of your own or configure the primary handler.</returns>
    public static IHttpClientBuilder AddMakCrmClient(this IServiceCollection services, Action<MakCrmClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<MakCrmClientOptions>().Configure(configure);
        return AddClient(services);
    }

    /// <summary>
    /// As <see cref="AddMakCrmClient(IServiceCollection, Action{MakCrmClientOptions})"/>, with the options bound from a
    /// configuration section (<c>BaseAddress</c>, <c>ClientId</c>, <c>ClientSecret</c>, <c>Scopes</c>, <c>Username</c>,
    /// <c>Password</c>, <c>Retry:MaxRetries</c>, <c>Retry:MaxDelay</c>, <c>AutomaticIdempotencyKeys</c>, <c>Timeout</c>)
    /// and then, if given, changed by <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The section, e.g. <c>configuration.GetSection("MakCrm")</c>.</param>
    /// <param name="configure">Changes after the binding; null for none.</param>
    public static IHttpClientBuilder AddMakCrmClient(this IServiceCollection services, IConfiguration section, Action<MakCrmClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        var options = services.AddOptions<MakCrmClientOptions>().Bind(section);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return AddClient(services);
    }

    private static IHttpClientBuilder AddClient(IServiceCollection services)
    {
        services.AddOptions<MakCrmClientOptions>()
            .Validate(o => o.BaseAddress is { IsAbsoluteUri: true }, "MakCrmClientOptions.BaseAddress must be the server's absolute address, e.g. https://crm.example/.");
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<MakCrmClientOptions>>().Value;
            var credentials = options.ResolveCredentials()
                ?? throw new InvalidOperationException("MakCrmClientOptions has no credentials (ClientId and ClientSecret, Username and Password, or Credentials).");
            return new MakCrmTokenProvider(options.ServerAddress, credentials, options.Tokens);
        });

        return services
            .AddHttpClient<IMakCrmApiClient, MakCrmApiClient>((provider, http) =>
            {
                var options = provider.GetRequiredService<IOptions<MakCrmClientOptions>>().Value;
                http.BaseAddress = options.ServerAddress;
                if (options.Timeout is { } timeout)
                {
                    http.Timeout = timeout;
                }
            })
            .RemoveAllLoggers()
            .AddHttpMessageHandler(provider => new MakCrmLoggingHandler(Logger<MakCrmLoggingHandler>(provider)))
            .AddHttpMessageHandler(provider => Options(provider).AutomaticIdempotencyKeys ? new MakCrmIdempotencyHandler() : new PassThroughHandler())
            .AddHttpMessageHandler(provider => Options(provider).ResolveCredentials() is null
                ? new PassThroughHandler()
                : new MakCrmTokenHandler(provider.GetRequiredService<MakCrmTokenProvider>()))
            .AddHttpMessageHandler(provider =>
                new MakCrmRetryHandler(Options(provider).Retry, Logger<MakCrmRetryHandler>(provider)));
    }

    // The application's logging, when it has any (an SDK without logging configured logs nothing).
    private static ILogger<T>? Logger<T>(IServiceProvider provider) => provider.GetService<ILogger<T>>();

    private static MakCrmClientOptions Options(IServiceProvider provider) => provider.GetRequiredService<IOptions<MakCrmClientOptions>>().Value;

    // Stands where a handler is turned off (no credentials, no automatic keys).
    private sealed class PassThroughHandler : DelegatingHandler;
}
