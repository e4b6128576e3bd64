using System.Reflection;
using MakCrm.Application.Auction;
using MakCrm.Application.Documents;
using MakCrm.Application.Documents.Generation;
using MakCrm.Application.Grades;
using MakCrm.Application.LeadReturns;
using MakCrm.Application.Passwords;
using MakCrm.Application.Points;
using MakCrm.Application.Referrals;
using MakCrm.Application.Reports;
using MakCrm.Infrastructure.Documents;
using MakCrm.Infrastructure.Documents.Generation;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Imports;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure;

public static class DependencyInjection
{
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    /// <param name="connectionString">Read when the first DbContext is made, after every configuration source has
    /// loaded.</param>
    public static IServiceCollection AddInfrastructure(
        this IServiceCollection services,
        IConfiguration configuration,
        Func<IServiceProvider, string> connectionString
    )
    {
        // The options are built once per process and the contexts are pooled: building either for every request was a
        // good part of a small request's cost (bench/LOG.md).
        services.AddSingleton(provider => DatabaseDataSource.Create(connectionString(provider)));
        services.AddPooledDbContextFactory<MakCrmDbContext>(
            (provider, options) =>
                Configure(options, provider.GetRequiredService<Npgsql.NpgsqlDataSource>())
                    .AddInterceptors(provider.GetRequiredService<SaveBatchInterceptor>()),
            poolSize: 256
        );
        services.AddScoped(provider =>
        {
            var db = provider.GetRequiredService<IDbContextFactory<MakCrmDbContext>>().CreateDbContext();
            db.ScopeServices = provider;
            return db;
        });

        AddServices(services);
        AddOptions(services, configuration);
        AddChosenImplementations(services);
        AddIdentity(services, configuration);
        AddWorkers(services);
        // Readiness: the database answers and has every migration; liveness checks nothing (Program maps both).
        services
            .AddHealthChecks()
            .AddDbContextCheck<MakCrmDbContext>("database", tags: [ReadinessTag])
            .AddCheck<MigrationsHealthCheck>(MigrationsHealthCheck.Name, tags: [ReadinessTag]);
        return services;
    }

    /// <summary>The tag of the health checks <c>/health/ready</c> runs.</summary>
    public const string ReadinessTag = "ready";

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable(MigrationsHistoryTable))
            .ReplaceService<IMigrationsSqlGenerator, TimeBoundMigrationsSqlGenerator>();

    private static DbContextOptionsBuilder Configure(
        DbContextOptionsBuilder options,
        Npgsql.NpgsqlDataSource dataSource
    ) =>
        options
            .UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable(MigrationsHistoryTable))
            .ReplaceService<IMigrationsSqlGenerator, TimeBoundMigrationsSqlGenerator>();

    /// <summary>
    /// The services of this assembly, by convention: a class that implements a port (<see cref="IsPort"/>) no other
    /// class here implements, or that is marked <see cref="ScopedAttribute"/> or <see cref="SingletonAttribute"/>, is
    /// registered as itself and as each of its ports, which all resolve to that one instance; scoped unless marked
    /// singleton. A port with several implementations (the document storage, the import sinks) is registered by hand.
    /// A <see cref="ListenedCache"/> is registered as one too.
    /// </summary>
    internal static void AddServices(IServiceCollection services)
    {
        var types = typeof(DependencyInjection).Assembly.GetTypes();
        var implementations = types
            .Where(t => t is { IsClass: true, IsAbstract: false, IsNested: false })
            .SelectMany(t => t.GetInterfaces().Where(IsPort))
            .CountBy(port => port)
            .ToDictionary();
        bool IsService(Type type) =>
            type is { IsClass: true, IsAbstract: false, IsNested: false, IsGenericTypeDefinition: false }
            && (
                type.IsDefined(typeof(ScopedAttribute))
                || type.IsDefined(typeof(SingletonAttribute))
                || type.GetInterfaces().Any(port => IsPort(port) && implementations[port] == 1)
            );

        services.Scan(scan =>
            scan.FromAssemblyOf<MakCrmDbContext>()
                .AddClasses(
                    c => c.Where(t => IsService(t) && !t.IsDefined(typeof(SingletonAttribute))),
                    publicOnly: false
                )
                .AsSelfWithInterfaces(IsPort)
                .WithScopedLifetime()
                .AddClasses(
                    c => c.Where(t => IsService(t) && t.IsDefined(typeof(SingletonAttribute))),
                    publicOnly: false
                )
                .AsSelfWithInterfaces(IsPort)
                .WithSingletonLifetime()
        );

        // Each cache is also one of those the listener of committed changes tells to forget (ListenedCacheChanges).
        foreach (var cache in types.Where(t => t is { IsAbstract: false } && t.IsSubclassOf(typeof(ListenedCache))))
        {
            services.AddSingleton(typeof(ListenedCache), provider => provider.GetRequiredService(cache));
        }
    }

    /// <summary>
    /// A port: an interface of the Application's abstractions, or of this assembly, that services are asked for.
    /// A handle a service hands out and its caller disposes (a transaction scope, a row stream) is not one.
    /// </summary>
    internal static bool IsPort(Type type) =>
        type.IsInterface
        && (
            type.Namespace?.StartsWith("MakCrm.Application.Abstractions", StringComparison.Ordinal) == true
            || type.Assembly == typeof(DependencyInjection).Assembly
        )
        && !typeof(IAsyncDisposable).IsAssignableFrom(type)
        && !typeof(IDisposable).IsAssignableFrom(type);

    private static void AddOptions(IServiceCollection services, IConfiguration configuration)
    {
        void Bind<T>(string section)
            where T : class => services.Configure<T>(configuration.GetSection(section));

        // Settings the Application reads as they are (it knows nothing of IOptions).
        void BindValue<T>(string section)
            where T : class
        {
            Bind<T>(section);
            services.AddSingleton(provider => provider.GetRequiredService<IOptions<T>>().Value);
        }

        Bind<Idempotency.IdempotencyOptions>(Idempotency.IdempotencyOptions.Section);
        Bind<Events.EventOptions>(Events.EventOptions.Section);
        Bind<CustomFields.CustomFieldOptions>(CustomFields.CustomFieldOptions.Section);
        Bind<RateLimiting.RateLimitOptions>(RateLimiting.RateLimitOptions.Section);
        Bind<Auditing.PersonalDataReadOptions>(Auditing.PersonalDataReadOptions.Section);
        Bind<Streaming.StreamOptions>(Streaming.StreamOptions.Section);
        Bind<Webhooks.WebhookOptions>(Webhooks.WebhookOptions.Section);
        Bind<Reports.ReportOptions>(Reports.ReportOptions.Section);
        BindValue<DashboardOptions>(DashboardOptions.Section);
        Bind<DocumentOptions>(DocumentOptions.Section);
        Bind<WeasyPrintOptions>(WeasyPrintOptions.Section);
        Bind<Commissions.CommissionOptions>(Commissions.CommissionOptions.Section);
        BindValue<GradeOptions>(GradeOptions.Section);
        BindValue<PointsOptions>(PointsOptions.Section);
        BindValue<Automation.AutomationOptions>(Automation.AutomationOptions.Section);
        services.AddSingleton(_ => new ReferralOptions
        {
            CabinetUrl = configuration[$"{ReferralOptions.Section}:CabinetUrl"] ?? configuration["Mak:Mail:CabinetUrl"],
        });
        BindValue<LeadReturnOptions>(LeadReturnOptions.Section);
        BindValue<Application.SubjectRequests.SubjectRequestOptions>(
            Application.SubjectRequests.SubjectRequestOptions.Section
        );
        Bind<Reminders.ReminderOptions>(Reminders.ReminderOptions.Section);
        Bind<PersonalData.IncidentReminderOptions>(PersonalData.IncidentReminderOptions.Section);
        Bind<Invoices.InvoiceOverdueOptions>(Invoices.InvoiceOverdueOptions.Section);
        Bind<Retention.DestructionOptions>(Retention.DestructionOptions.Section);
        Bind<Telegram.TelegramOptions>(Telegram.TelegramOptions.Section);
        Bind<Telegram.WhatsAppOptions>(Telegram.WhatsAppOptions.Section);
        Bind<ImportOptions>(ImportOptions.Section);
        BindValue<AuctionOptions>(AuctionOptions.Section);
        Bind<Mail.MailOptions>(Mail.MailOptions.Section);
        Bind<Sms.SmsOptions>(Sms.SmsOptions.Section);
        BindValue<PasswordResetOptions>(PasswordResetOptions.Section);
        Bind<AccessTokenOptions>(AccessTokenOptions.Section);
        Bind<AmoCrm.AmoCrmOptions>(AmoCrm.AmoCrmOptions.Section);
        BindValue<Application.BorrowerChecks.BorrowerCheckOptions>(
            Application.BorrowerChecks.BorrowerCheckOptions.Section
        );
        Bind<BorrowerChecks.CheckProviderOptions>(BorrowerChecks.CheckProviderOptions.Section);
        services.PostConfigure<AccessTokenOptions>(o => o.KeyEncryptionKey ??= configuration["MAK_KEY_ENCRYPTION_KEY"]);
    }

    /// <summary>
    /// What is chosen or built rather than scanned: the document storage configuration chooses, the settings made from
    /// the document options, and the import sink of each kind.
    /// </summary>
    private static void AddChosenImplementations(IServiceCollection services)
    {
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<DocumentOptions>>().Value;
            return new DocumentLimits(options.MaxUploadBytes, options.AllowedContentTypes);
        });
        services.AddSingleton<Application.Abstractions.Storage.IDocumentStorage>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<DocumentOptions>>().Value;
            return options.Storage.Equals("S3", StringComparison.OrdinalIgnoreCase) ? new S3DocumentStorage(options.S3)
                : options.Storage.Equals("FileSystem", StringComparison.OrdinalIgnoreCase)
                    ? new FileSystemDocumentStorage(options.DirectoryOrDefault())
                : throw new InvalidOperationException(
                    $"Mak:Documents:Storage must be FileSystem or S3, not {options.Storage}."
                );
        });
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<Application.SubjectRequests.SubjectRequestOptions>();
            var calendar = new Domain.Calendars.WorkingDayCalendar(
                options.DaysOff ?? Domain.Calendars.WorkingDayCalendar.RussianDaysOff,
                options.WorkingWeekendDays ?? Domain.Calendars.WorkingDayCalendar.RussianWorkingWeekendDays
            );
            return new Domain.SubjectRequests.SubjectRequestClock(calendar, options.ReminderLeadWorkingDays);
        });
        services.AddSingleton(provider => new DocumentGenerationSettings(
            provider.GetRequiredService<IOptions<DocumentOptions>>().Value.VatRatePercent
        ));
        services.AddKeyedTransient<IImportRowSink, Persistence.RawSql.ClientImportSink>(
            Domain.Imports.ImportKind.Clients
        );
        services.AddKeyedTransient<IImportRowSink, LeadImportSink>(Domain.Imports.ImportKind.Leads);
        services.AddKeyedTransient<IImportRowSink, DealImportSink>(Domain.Imports.ImportKind.Deals);
        services.AddKeyedTransient<IImportRowSink, TaskImportSink>(Domain.Imports.ImportKind.Tasks);
        services.AddKeyedTransient<IImportRowSink, NoteImportSink>(Domain.Imports.ImportKind.Notes);
    }

    private static void AddIdentity(IServiceCollection services, IConfiguration configuration)
    {
        services
            .AddIdentityCore<MakUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<MakRole>()
            .AddUserManager<MakUserManager>()
            .AddEntityFrameworkStores<MakCrmDbContext>()
            .AddDefaultTokenProviders();
    }

    /// <summary>The background workers, started in this order (and stopped in the reverse).</summary>
    private static void AddWorkers(IServiceCollection services)
    {
        services.AddHostedService<Idempotency.IdempotencyPurgeWorker>();
        services.AddHostedService<RateLimiting.RateLimitWindowPurgeWorker>();
        services.AddHostedService<Events.EventChannelListener>();
        services.AddHostedService<Events.EventSequencer>();
        services.AddHostedService<Events.EventPurgeWorker>();
        services.AddHostedService<Auditing.PersonalDataReadPurgeWorker>();
        services.AddHostedService<Streaming.StreamSlotRenewer>();
        services.AddHostedService<Streaming.StreamChannelListener>();
        services.AddHostedService(provider => provider.GetRequiredService<Streaming.LiveEvents>());
        services.AddHostedService<Webhooks.WebhookWorker>();
        services.AddHostedService<Commissions.CommissionHoldReleaseWorker>();
        services.AddHostedService<Grades.GradeRecomputeWorker>();
        services.AddHostedService<Points.PointsWorker>();
        services.AddHostedService<Automation.AutomationWorker>();
        services.AddHostedService<Reminders.TaskReminderWorker>();
        services.AddHostedService<Invoices.InvoiceOverdueWorker>();
        services.AddHostedService<SubjectRequests.SubjectRequestReminderWorker>();
        services.AddHostedService<PersonalData.IncidentReminderWorker>();
        services.AddHostedService<Retention.DestructionWorker>();
        services.AddHostedService<CustomFields.CustomFieldIndexWorker>();
        services.AddHostedService<ImportWorker>();
        services.AddHostedService<AmoCrm.AmoCrmImportWorker>();
        services.AddHostedService<AmoCrm.AmoCrmInboxWorker>();
        services.AddHostedService<AmoCrm.AmoCrmOutboxWorker>();
        services.AddHostedService<Auction.LotClosingWorker>();
        services.AddHostedService<Auction.OutbidNoticeWorker>();
        services.AddHostedService<BorrowerChecks.PendingCheckWorker>();
        services.AddHostedService<Mail.MailWorker>();
        services.AddHostedService<Mail.MailStartupLog>();
        services.AddHostedService<UserStandingChanges>();
        services.AddHostedService<ListenedCacheChanges>();
    }
}
