namespace MakCrm.WebApi.Hosting;

/// <summary>Settings of the <c>Mak</c> configuration section (environment:
/// <c>Mak__MigrateOnStartup=true</c>).</summary>
public sealed class MakOptions
{
    public const string Section = "Mak";

    /// <summary>Apply pending migrations before the server starts listening (`./mak run`, tests). Production runs
    /// `--migrate` instead.</summary>
    public bool MigrateOnStartup { get; init; }

    /// <summary>Fill an empty database with demo clients and leads.</summary>
    public bool SeedDemoData { get; init; }

    /// <summary>Serve the document the server generates from its own endpoints at /openapi/runtime.json (the drift test
    /// reads it).</summary>
    public bool ExposeRuntimeOpenApi { get; init; }

    /// <summary>The first admin of a new installation (created at start-up when no user has this e-mail).</summary>
    public string? BootstrapAdminEmail { get; init; }

    public string? BootstrapAdminPassword { get; init; }
}
