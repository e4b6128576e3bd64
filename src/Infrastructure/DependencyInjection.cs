using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Infrastructure.DemoData;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.Infrastructure;

public static class DependencyInjection
{
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    /// <param name="connectionString">Read when the first DbContext is made, after every configuration source has loaded.</param>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, Func<IServiceProvider, string> connectionString)
    {
        services.AddDbContext<MakCrmDbContext>((provider, options) => Configure(options, connectionString(provider)));
        services.AddScoped<IUnitOfWork, UnitOfWork>();
        services.AddScoped<IClientRepository, ClientRepository>();
        services.AddScoped<ILeadRepository, LeadRepository>();
        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<DemoDataSeeder>();
        services.AddHealthChecks().AddDbContextCheck<MakCrmDbContext>("database", tags: ["ready"]);
        return services;
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable(MigrationsHistoryTable));
}
