using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Passwords;
using MakCrm.Infrastructure.Persistence.Repositories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Identity;

internal static class PeopleAccessServices
{
    /// <summary>Invitations, forgot-password requests and passwords.</summary>
    public static IServiceCollection AddPeopleAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<IInvitationRepository, InvitationRepository>();
        services.AddScoped<IPasswordResets, PasswordResets>();
        services.AddScoped<IPasswords, Passwords>();
        services.Configure<PasswordResetOptions>(configuration.GetSection(PasswordResetOptions.Section));
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<PasswordResetOptions>>().Value);
        return services;
    }
}
