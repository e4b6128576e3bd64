using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace MakCrm.Testing;

/// <summary>
/// An xUnit class fixture: the real API, with its whole middleware pipeline, on Kestrel at http://127.0.0.1:&lt;free
/// port&gt;, over a PostgreSQL database of its own, with one user per <see cref="TestActor"/>. Call
/// <see cref="ResetDatabaseAsync"/> before each test: it empties the business data and keeps the accounts.
/// Test classes of the plain fixture (and of a subclass that sets <see cref="Shared"/>) take turns on one server
/// rather than starting their own: starting one costs seconds of CPU (its database, its host, its actors' password
/// hashes and first sign-ins), a turn a reset. A server goes back to the pool after a class only when the accounts
/// and organizations the fixture made are as it made them (what the class added to them is deleted); a class that
/// changed them leaves its server to be disposed, so no class sees another's changes.
/// </summary>
public class ApiServerFixture : IAsyncLifetime
{
    /// <summary>Cached tokens are renewed well within their 15 minutes and the admin's 10-minute step-up window.</summary>
    private static readonly TimeSpan TokenReuse = TimeSpan.FromMinutes(5);

    /// <summary>Idle shared servers, per fixture type: a class takes one, or starts one when none is idle.</summary>
    private static readonly ConcurrentDictionary<Type, ConcurrentBag<RunningApi>> Idle = new();

    private static int _disposeIdleAtExit;

    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly Action<IServiceCollection>? _services;
    private RunningApi? _api;

    public ApiServerFixture()
        : this(new Dictionary<string, string>()) { }

    /// <param name="settings">Configuration that differs from the usual test server (e.g. a strict rate limit).</param>
    /// <param name="services">Changes to the server's services, after its own (e.g. a decorator that counts calls).</param>
    protected ApiServerFixture(
        IReadOnlyDictionary<string, string> settings,
        Action<IServiceCollection>? services = null
    )
    {
        _settings = settings;
        _services = services;
    }

    /// <summary>
    /// Whether classes of this fixture share a pooled server. The plain fixture does; a subclass does when what it
    /// adds is settings only (no service changes, no state of its own), which every server of its type has alike.
    /// </summary>
    protected virtual bool Shared => GetType() == typeof(ApiServerFixture);

    private RunningApi Api => _api ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>The key the signing keys are encrypted with, for another instance over the same database (a process of its own).</summary>
    public string KeyEncryptionKey => Api.KeyEncryptionKey;

    /// <summary>The issuer the fixture's servers put in access tokens.</summary>
    public const string Issuer = "https://mak-crm.test";

    public Uri BaseAddress => Api.BaseAddress;

    /// <summary>The SMTP server the API sends its mail to (Mak:Mail points at it).</summary>
    public SmtpListener Mail => Api.Mail;

    /// <summary>The folder the API writes its SMS to, one text file each (no SMS provider is configured).</summary>
    public string SmsDirectory => Api.SmsDirectory;

    /// <summary>Waits for the SMS to <paramref name="phone"/> (E.164) in <see cref="SmsDirectory"/>, the latest one,
    /// and answers its text.</summary>
    public async Task<string> NextSmsToAsync(string phone, DateTimeOffset? after = null)
    {
        var since = after ?? DateTimeOffset.MinValue;
        var until = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < until)
        {
            var latest = Directory.Exists(SmsDirectory)
                ? new DirectoryInfo(SmsDirectory)
                    .GetFiles("*.txt")
                    .Where(f => f.LastWriteTimeUtc >= since.UtcDateTime)
                    .OrderByDescending(f => f.LastWriteTimeUtc)
                    .Select(f => File.ReadAllText(f.FullName).Split("\n\n", 2))
                    .FirstOrDefault(parts => parts.Length == 2 && parts[0] == phone)
                : null;
            if (latest is not null)
            {
                return latest[1].Trim();
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No SMS to {phone} was written to {SmsDirectory}.");
    }

    public IServiceProvider Services => Api.Factory.Services;

    public string ConnectionString => Api.Database.ConnectionString;

    public virtual async Task InitializeAsync()
    {
        if (Shared && Idle.TryGetValue(GetType(), out var idle) && idle.TryTake(out var pooled))
        {
            _api = pooled;
            return;
        }

        // One key for every instance over this database: the signing keys are stored encrypted with it.
        var keyEncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _api = new RunningApi(await TestDatabase.CreateAsync(), new SmtpListener(), keyEncryptionKey);
        _api.Mail.Start();
        (_api.Factory, _api.BaseAddress) = Start();
        await CreateActorsAsync();
        if (Shared)
        {
            await _api.Database.RememberAccountsAsync();
        }
    }

    /// <summary>
    /// Another instance of the API over the same database, as a second server behind a load balancer would be: its own
    /// process state (caches, the standing listener), the same keys and data. The caller disposes it.
    /// </summary>
    public SecondInstance StartSecondInstance()
    {
        var (factory, address) = Start();
        return new SecondInstance(factory, address);
    }

    private (WebApplicationFactory<Program> Factory, Uri Address) Start()
    {
        var api = Api;
        var factory = new ApiFactory(
            api.Database.ConnectionString,
            api.KeyEncryptionKey,
            api.Mail.Port,
            api.SmsDirectory,
            _settings,
            _services
        );
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var addresses = factory
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses;
        return (factory, new Uri(addresses.First()));
    }

    /// <summary>A second running instance (<see cref="StartSecondInstance"/>).</summary>
    public sealed class SecondInstance(WebApplicationFactory<Program> factory, Uri address) : IAsyncDisposable
    {
        public IServiceProvider Services => factory.Services;

        public HttpClient CreateHttpClient(string? accessToken = null) => ClientOf(address, accessToken);

        public ValueTask DisposeAsync() => factory.DisposeAsync();
    }

    /// <summary>A client of the server; with an actor, every request carries that actor's access token.</summary>
    public HttpClient CreateHttpClient(string? accessToken = null) => ClientOf(BaseAddress, accessToken);

    private static HttpClient ClientOf(Uri address, string? accessToken)
    {
        var http = new HttpClient(new ContinueBeforeLargeBodies()) { BaseAddress = address };
        if (accessToken is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return http;
    }

    /// <summary>
    /// Asks for the go-ahead (<c>Expect: 100-continue</c>) before sending a body over 64 KiB, as curl does for large
    /// uploads. The server refuses a body over its size limit before it has arrived and closes the connection; without
    /// the go-ahead a client still writing that body gets a broken pipe instead of the 413 it was answered.
    /// </summary>
    private sealed class ContinueBeforeLargeBodies() : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            if (request.Content?.Headers.ContentLength > 64 * 1024)
            {
                request.Headers.ExpectContinue = true;
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    public async Task<HttpClient> CreateHttpClientAsync(TestActor actor) =>
        CreateHttpClient(await AccessTokenAsync(actor));

    /// <summary>
    /// The base32 TOTP secret of <see cref="TestActor.Admin"/>, who signs in with two-factor authentication (codes from
    /// oathtool), so that the admin's tokens pass the step-up check of role and API-client changes.
    /// </summary>
    public string AdminTotpSecret => Api.AdminTotpSecret;

    /// <summary>
    /// An access token of the actor from /connect/token: the password grant, and for the admin the mfa-otp grant after
    /// it. Cached per fixture for a few minutes.
    /// </summary>
    public async Task<string> AccessTokenAsync(TestActor actor)
    {
        if (Api.Tokens.TryGetValue(actor, out var cached) && DateTimeOffset.UtcNow - cached.At < TokenReuse)
        {
            return cached.Token;
        }

        var tokens =
            actor == TestActor.Admin
                ? await TwoFactorSignInAsync(actor.Email(), TestActors.Password, AdminTotpSecret)
                : await PasswordGrantAsync(actor.Email(), TestActors.Password);
        var token = tokens.GetProperty("access_token").GetString()!;
        Api.Tokens[actor] = (token, DateTimeOffset.UtcNow);
        return token;
    }

    /// <summary>The JSON of a successful sign-in of a user with two-factor authentication: password, then a TOTP code.</summary>
    public async Task<JsonElement> TwoFactorSignInAsync(
        string username,
        string password,
        string totpSecret,
        string clientId = FirstPartyClients.Cabinet
    )
    {
        var first = await TokenRequestAsync(
            new Dictionary<string, string>
            {
                ["grant_type"] = "password",
                ["client_id"] = clientId,
                ["username"] = username,
                ["password"] = password,
            }
        );
        if (first.Status != HttpStatusCode.BadRequest || first.Body.GetProperty("error").GetString() != "mfa_required")
        {
            throw new InvalidOperationException($"Sign-in of {username} did not ask for a code: {first.Body}");
        }

        var second = await TokenRequestAsync(
            new Dictionary<string, string>
            {
                ["grant_type"] = "urn:mak:params:oauth:grant-type:mfa-otp",
                ["client_id"] = clientId,
                ["mfa_token"] = first.Body.GetProperty("mfa_token").GetString()!,
                ["otp"] = Oathtool.Totp(totpSecret),
            }
        );
        return second.Status == HttpStatusCode.OK
            ? second.Body
            : throw new InvalidOperationException($"Two-factor sign-in of {username} failed: {second.Body}");
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> TokenRequestAsync(Dictionary<string, string> form)
    {
        using var http = CreateHttpClient();
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(form));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>The JSON of a successful password grant for the given credentials.</summary>
    public async Task<JsonElement> PasswordGrantAsync(
        string username,
        string password,
        string clientId = FirstPartyClients.Cabinet
    )
    {
        using var http = CreateHttpClient();
        using var response = await http.PostAsync(
            "/connect/token",
            new FormUrlEncodedContent(
                new Dictionary<string, string>
                {
                    ["grant_type"] = "password",
                    ["client_id"] = clientId,
                    ["username"] = username,
                    ["password"] = password,
                }
            )
        );
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return response.IsSuccessStatusCode
            ? body
            : throw new InvalidOperationException($"Sign-in of {username} failed: {body}");
    }

    /// <summary>Runs code against the server's own services (a DI scope of the running API), for test set-up.</summary>
    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>The user id of an actor.</summary>
    public Task<Guid> UserIdAsync(TestActor actor) =>
        WithServicesAsync(async services =>
            (await services.GetRequiredService<UserManager<MakUser>>().FindByEmailAsync(actor.Email()))!.Id
        );

    /// <summary>Creates an active organization of its own, for a test that changes its organization's standing.</summary>
    public async Task<Guid> CreateOrganizationAsync(OrganizationKind kind, string name)
    {
        var id = Guid.CreateVersion7();
        await WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<MakCrmDbContext>();
            db.Set<MakCrm.Domain.Organizations.Organization>()
                .Add(Organization.CreateActive(id, kind, name, DateTimeOffset.UtcNow));
            return await db.SaveChangesAsync();
        });
        return id;
    }

    /// <summary>Creates a user with a role in an organization, through the server's UserManager.</summary>
    public Task<MakUser> CreateUserAsync(
        string email,
        string role,
        Guid organizationId,
        string password = TestActors.Password
    ) =>
        WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<MakUser>>();
            var user = new MakUser
            {
                Id = Guid.CreateVersion7(),
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                FullName = email,
                OrganizationId = organizationId,
                CreatedAt = DateTimeOffset.UtcNow,
            };
            var created = await users.CreateAsync(user, password);
            var added = created.Succeeded ? await users.AddToRoleAsync(user, role) : created;
            return added.Succeeded
                ? user
                : throw new InvalidOperationException(string.Join(" ", added.Errors.Select(e => e.Description)));
        });

    private async Task CreateActorsAsync()
    {
        await WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<MakCrmDbContext>();
            var now = DateTimeOffset.UtcNow;
            // Like the demo, no role requires 2FA; the admin has it on anyway (step-up), the others sign in with the password.
            foreach (var role in db.Roles)
            {
                role.RequiresTwoFactor = false;
            }

            db.Set<MakCrm.Domain.Organizations.Organization>()
                .AddRange(
                    Organization.CreateActive(
                        TestActors.PartnerAlphaOrganization,
                        OrganizationKind.Partner,
                        "Партнёр Альфа",
                        now
                    ),
                    Organization.CreateActive(
                        TestActors.PartnerBetaOrganization,
                        OrganizationKind.Partner,
                        "Партнёр Бета",
                        now
                    ),
                    Organization.CreateActive(
                        TestActors.FranchiseeOrganization,
                        OrganizationKind.Franchisee,
                        "Франчайзи Север",
                        now
                    )
                );
            return await db.SaveChangesAsync();
        });
        foreach (var actor in Enum.GetValues<TestActor>())
        {
            var user = await CreateUserAsync(actor.Email(), actor.Role(), actor.Organization());

            // The actor of a partner or franchisee owns its organization, as its registrant would.
            await WithServicesAsync(async services =>
            {
                var db = services.GetRequiredService<MakCrmDbContext>();
                (
                    await db.Set<MakCrm.Domain.Organizations.Organization>()
                        .FirstAsync(o => o.Id == user.OrganizationId)
                ).ClaimOwnership(user.Id, now: DateTimeOffset.UtcNow);
                return await db.SaveChangesAsync();
            });
        }

        Api.AdminTotpSecret = await WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<MakUser>>();
            var admin = (await users.FindByEmailAsync(TestActor.Admin.Email()))!;
            await users.ResetAuthenticatorKeyAsync(admin);
            await users.SetTwoFactorEnabledAsync(admin, true);
            return (await users.GetAuthenticatorKeyAsync(admin))!;
        });
    }

    public async Task ResetDatabaseAsync()
    {
        await Api.Database.ResetAsync();
        // The reset's notifications reach the server's caches a moment later: the next request must not see the rows
        // the reset removed (custom field definitions) in that moment.
        foreach (var cache in Services.GetServices<ListenedCache>())
        {
            cache.Forget();
        }
    }

    public virtual async Task DisposeAsync()
    {
        if (_api is null)
        {
            return;
        }

        var api = _api;
        _api = null;
        if (Shared && await api.Database.ResetAccountsAsync())
        {
            api.Mail.Forget();
            Idle.GetOrAdd(GetType(), _ => []).Add(api);
            if (Interlocked.Exchange(ref _disposeIdleAtExit, 1) == 0)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => DisposeIdle();
            }

            return;
        }

        await api.DisposeAsync();
    }

    /// <summary>Stops the idle shared servers and drops their databases when the test run ends.</summary>
    private static void DisposeIdle()
    {
        var all = Idle.Values.SelectMany(bag => bag).ToList();
        Idle.Clear();
        Task.WhenAll(all.Select(api => api.DisposeAsync().AsTask())).Wait(TimeSpan.FromSeconds(30));
    }

    /// <summary>A started server: its database, host and mail listener, its actors' TOTP secret and tokens.</summary>
    private sealed class RunningApi(TestDatabase database, SmtpListener mail, string keyEncryptionKey)
        : IAsyncDisposable
    {
        public TestDatabase Database => database;

        public SmtpListener Mail => mail;

        public string SmsDirectory { get; } =
            Path.Combine(Path.GetTempPath(), "mak-test-sms", Guid.NewGuid().ToString("N"));

        public string KeyEncryptionKey => keyEncryptionKey;

        public WebApplicationFactory<Program> Factory { get; set; } = null!;

        public Uri BaseAddress { get; set; } = null!;

        public string AdminTotpSecret { get; set; } = "";

        public ConcurrentDictionary<TestActor, (string Token, DateTimeOffset At)> Tokens { get; } = new();

        public async ValueTask DisposeAsync()
        {
            if (Factory is not null)
            {
                await Factory.DisposeAsync();
            }

            await database.DisposeAsync();
            await mail.DisposeAsync();
        }
    }

    private sealed class ApiFactory(
        string connectionString,
        string keyEncryptionKey,
        int smtpPort,
        string smsDirectory,
        IReadOnlyDictionary<string, string> settings,
        Action<IServiceCollection>? services
    ) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("MAK_DB", connectionString);
            builder.UseSetting("Mak:MigrateOnStartup", "false");
            builder.UseSetting("Mak:SeedDemoData", "false");
            builder.UseSetting("Mak:ExposeRuntimeOpenApi", "true");
            builder.UseSetting("Mak:Tokens:KeyEncryptionKey", keyEncryptionKey);
            builder.UseSetting("Mak:Tokens:Issuer", Issuer);
            builder.UseSetting("Mak:RateLimits:TokenRequestsPerMinute", "1000");
            builder.UseSetting("Mak:RateLimits:SignInsPerUsernamePerMinute", "1000");
            builder.UseSetting("Mak:RateLimits:ApiRequestsPerMinute", "100000");
            // A twin of a keyed request in flight waits this long for it before it is 409: long enough for a request
            // of the tests to end, short enough that a test of the 409 waits little.
            builder.UseSetting("Mak:Idempotency:TwinWait", "00:00:00.500");
            // Reminders arrive only where a test asks for them (a fixture that turns the worker on), never mid-test elsewhere.
            builder.UseSetting("Mak:Reminders:Enabled", "false");
            // Likewise imports: a test runs them with ImportRunner when it wants, or uses a fixture that turns the worker on.
            builder.UseSetting("Mak:Imports:Enabled", "false");
            // And amoCRM imports: tests run them with AmoCrmImportRunner.
            builder.UseSetting("Mak:AmoCrm:ImportsEnabled", "false");
            // And the amoCRM sync's inbox and outbox: tests run them with AmoCrmSyncRunner.
            builder.UseSetting("Mak:AmoCrm:SyncEnabled", "false");
            // And closing lots: tests close them with LotCloser when they mean to.
            builder.UseSetting("Mak:Auction:ClosingEnabled", "false");
            // And outbid notices: tests deliver them with OutbidNotifier (the bot's tests turn the worker on).
            builder.UseSetting("Mak:Auction:OutbidNoticesEnabled", "false");
            // And releasing commission holds: tests release them with CommissionHoldRelease and a clock of their own.
            builder.UseSetting("Mak:Commissions:HoldReleaseEnabled", "false");
            // And recomputing grades: tests recompute a month with GradeRecomputer when they mean to.
            builder.UseSetting("Mak:Grades:RecomputeEnabled", "false");
            // And marking invoices overdue: tests mark them with InvoiceOverdueDispatcher.
            builder.UseSetting("Mak:Invoices:OverdueEnabled", "false");
            // And reminding of incidents' notices: tests remind with IncidentReminders and a clock of their own.
            builder.UseSetting("Mak:PersonalDataIncidents:RemindersEnabled", "false");
            // And the sortable custom fields' indexes: tests build and drop them with CustomFieldIndexes.
            builder.UseSetting("Mak:CustomFields:IndexesEnabled", "false");
            // Mail goes to the fixture's SMTP listener, and the outbox is polled often, so that a test waits little for it.
            builder.UseSetting("Mak:Mail:Host", "127.0.0.1");
            builder.UseSetting("Mak:Mail:Port", smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Mak:Mail:CabinetUrl", "https://cabinet.mak-crm.test");
            builder.UseSetting("Mak:Mail:PollInterval", "00:00:00.200");
            // SMS go to a folder of this server's own, which a test reads; a fixture of the SMS provider replaces it.
            builder.UseSetting("Mak:Sms:PickupDirectory", smsDirectory);
            // Webhook receivers of the tests listen on 127.0.0.1; a fixture that proves the SSRF guard turns this off.
            builder.UseSetting("Mak:Webhooks:AllowPrivateTargets", "true");
            // Documents go to a directory of the test machine's temporary files, never to a developer's data directory.
            builder.UseSetting("Mak:Documents:Directory", Path.Combine(Path.GetTempPath(), "mak-test-documents"));
            // Metrics have a port of their own, which test servers side by side cannot share; the metrics tests turn them on.
            builder.UseSetting("Mak:Metrics:Enabled", "false");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Logging:LogLevel:MakCrm.WebApi.AccessLog", "Warning");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            // Every answer is recorded for the contract check after the tests, when ./mak test asks for it, but a
            // server
            // made to fail on purpose: its 500s are the test's doing, not answers the contract must declare.
            if (!settings.ContainsKey(ExchangeRecorder.FailsOnPurposeSetting))
            {
                builder.ConfigureServices(ExchangeRecorder.AddTo);
            }

            if (services is not null)
            {
                builder.ConfigureTestServices(services);
            }
        }
    }
}
