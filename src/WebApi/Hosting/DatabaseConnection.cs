namespace MakCrm.WebApi.Hosting;

internal static class DatabaseConnection
{
    /// <summary>The Npgsql connection string: <c>MAK_DB</c>, else <c>ConnectionStrings:Mak</c>.</summary>
    public static string FromConfiguration(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var connectionString = configuration["MAK_DB"] ?? configuration.GetConnectionString("Mak");
        return string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException(
                "No database: set MAK_DB to an Npgsql connection string, e.g. "
                    + "Host=127.0.0.1;Port=5432;Username=mak;Password=...;Database=mak."
            )
            : connectionString;
    }
}
