using MakCrm.Application;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Contracts;
using MakCrm.Infrastructure;
using MakCrm.Infrastructure.DemoData;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Security;
using MakCrm.WebApi.Auth;
using MakCrm.WebApi.Endpoints;
using MakCrm.WebApi.Hosting;
using MakCrm.WebApi.Observability;
using MakCrm.WebApi.OpenApi;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

// `--migrate` applies pending migrations (and seeds the demo data when Mak:SeedDemoData is on) and exits: the
// production deployment step before new instances start.
// `--rotate-signing-key` makes a new key sign access tokens from now on (after a suspected leak) and exits.
string[] commands = ["--migrate", "--rotate-signing-key"];
var command = args.FirstOrDefault(commands.Contains);
var builder = WebApplication.CreateBuilder(args.Where(a => !commands.Contains(a)).ToArray());

builder.Logging.ClearProviders().AddJsonLines(builder.Configuration);
builder.AddTelemetry();
builder.AddErrorTracking();

builder.Services.Configure<MakOptions>(builder.Configuration.GetSection(MakOptions.Section));
builder.Services.AddApplication();
builder.Services.AddInfrastructure(builder.Configuration, DatabaseConnection.FromConfiguration);
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<ICurrentActor, CurrentActor>();
builder.Services.AddScoped<IRequestContext, RequestContext>();
BearerAuthentication.Register(builder.Services);
builder.Services.AddAuthorization(PermissionPolicies.Add);
builder.Services.AddSingleton<RateLimits>();
builder.Services.AddHostedService<DatabaseStartup>();
builder.Services.AddGracefulShutdown(builder.Configuration);
builder.Services.AddTrustedProxies(builder.Configuration);

builder.Services.ConfigureHttpJsonOptions(o => WireJson.Configure(o.SerializerOptions));
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.WebHost.ConfigureKestrel(k =>
{
    k.AddServerHeader = false;
    k.Limits.MaxRequestBodySize = 1024 * 1024;
});

// Ours before the framework's writer, which then never writes (ProblemJsonWriter says why).
builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.AddTraceId);
builder.Services.AddExceptionHandler<ApiExceptionHandler>();
builder.Services.AddOpenApi("runtime", RuntimeDocumentTransformers.Configure);
builder.Services.AddCabinetCors(builder.Configuration);
builder.Services.AddSingleton(_ => DeprecationNotices.From(ContractDocument.Json));
builder.Services.RemoveContentTypeRouting();

var app = builder.Build();

if (command == "--migrate")
{
    await using var scope = app.Services.CreateAsyncScope();
    await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
    // Once, before any instance starts: instances started together would each seed an empty database.
    if (app.Services.GetRequiredService<IOptions<MakOptions>>().Value.SeedDemoData)
    {
        await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(CancellationToken.None);
    }

    return;
}

if (command == "--rotate-signing-key")
{
    // Other instances pick the new key up within a minute; tokens signed by the old one stay valid until they expire.
    await app.Services.GetRequiredService<SigningKeyRing>().RotateAsync(CancellationToken.None);
    return;
}

app.UseTrustedProxies();
app.UseAccessLog();
app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseQueryTextCheck();
app.UseCors();
app.UseDeprecationHeaders();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimits();
app.UseQueryParameterCheck();
app.UseIdempotency();

// Liveness checks the process alone; readiness the database, its migrations and that the instance is not stopping.
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Readiness) })
    .AllowAnonymous();
app.MapContractDocument();
app.UseSwaggerUI(o =>
{
    o.RoutePrefix = "swagger";
    o.DocumentTitle = "MaK CRM API";
    o.SwaggerEndpoint(ContractDocument.JsonPath, "MaK CRM API v1");
    o.OAuthClientId(FirstPartyClients.Swagger);
});
if (app.Configuration.GetValue<bool>($"{MakOptions.Section}:{nameof(MakOptions.ExposeRuntimeOpenApi)}"))
{
    app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
}

app.MapGet("/", () => TypedResults.Redirect("/swagger")).ExcludeFromDescription().AllowAnonymous();
app.MapOAuthEndpoints();
app.MapEndpointGroups();

await app.RunAsync();

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program
{
    private const string Readiness = MakCrm.Infrastructure.DependencyInjection.ReadinessTag;
}
