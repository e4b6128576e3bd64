using MakCrm.Infrastructure.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.Infrastructure.Streaming;

internal static class StreamingServices
{
    /// <summary>The live stream's parts: tickets, the open streams and what they are told, their cap across instances, the shared event window.</summary>
    public static IServiceCollection AddLiveStreams(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<StreamOptions>(configuration.GetSection(StreamOptions.Section));
        services.AddScoped<StreamTickets>();
        services.AddSingleton<StreamSubscribers>();
        services.AddSingleton<StreamSlots>();
        services.AddHostedService<StreamSlotRenewer>();
        services.AddHostedService<StreamChannelListener>();
        services.AddSingleton<LiveEvents>();
        services.AddHostedService(provider => provider.GetRequiredService<LiveEvents>());
        return services;
    }
}
