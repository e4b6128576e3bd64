using MakCrm.Infrastructure;
using MakCrm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MakCrm.DesignTime;

/// <summary>Lets `dotnet ef` build the model; migrations are generated from the model, no database is needed.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<MakCrmDbContext>
{
    public MakCrmDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("MAK_DB") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=mak";
        var options = DependencyInjection.Configure(new DbContextOptionsBuilder<MakCrmDbContext>(), connectionString);
        return new MakCrmDbContext((DbContextOptions<MakCrmDbContext>)options.Options);
    }
}
