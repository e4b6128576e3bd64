using MakCrm.Application;
using MakCrm.Infrastructure;
using MakCrm.Infrastructure.Persistence;
using MakCrm.WebApi.Endpoints;
using MakCrm.WebApi.Hosting;
using MakCrm.WebApi.Http;
using MakCrm.WebApi.OpenApi;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpLogging;

// `--migrate` applies pending migrations and exits: the production deployment step before new instances start.
var migrateOnly = args.Contains("--migrate");
var builder = WebApplication.CreateBuilder(args.Where(a => a != "--migrate").ToArray());

builder.Logging.ClearProviders().AddJsonConsole(o =>
{
    o.IncludeScopes = true;
    o.UseUtcTimestamp = true;
    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
});

builder.Services.Configure<MakOptions>(builder.Configuration.GetSection(MakOptions.Section));
builder.Services.AddApplication();
builder.Services.AddInfrastructure(DatabaseConnection.FromConfiguration);
builder.Services.AddHostedService<DatabaseStartup>();

builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.WebHost.ConfigureKestrel(k =>
{
    k.AddServerHeader = false;
    k.Limits.MaxRequestBodySize = 1024 * 1024;
});
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.AddTraceId);
builder.Services.AddExceptionHandler<ApiExceptionHandler>();
builder.Services.AddHttpLogging(o =>
{
    o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
    o.CombineLogs = true;
});
builder.Services.AddOpenApi("runtime", RuntimeDocumentTransformers.Configure);

var app = builder.Build();

if (migrateOnly)
{
    await using var scope = app.Services.CreateAsyncScope();
    await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
    return;
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseHttpLogging();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
app.MapContractDocument();
app.UseSwaggerUI(o =>
{
    o.RoutePrefix = "swagger";
    o.DocumentTitle = "MaK CRM API";
    o.SwaggerEndpoint(ContractDocument.JsonPath, "MaK CRM API v1");
});
if (app.Configuration.GetValue<bool>($"{MakOptions.Section}:{nameof(MakOptions.ExposeRuntimeOpenApi)}"))
{
    app.MapOpenApi("/openapi/{documentName}.json");
}

app.MapGet("/", () => TypedResults.Redirect("/swagger")).ExcludeFromDescription();
app.MapClientEndpoints();
app.MapLeadEndpoints();

await app.RunAsync();

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
