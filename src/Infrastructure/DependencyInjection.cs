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

    public static IServiceCollection AddInfrastructure(this IServiceCollection services, string connectionString)
    {
        services.AddDbContext<MakCrmDbContext>(options => Configure(options, connectionString));
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
