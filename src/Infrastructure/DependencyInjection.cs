using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Infrastructure.Auditing;
using MakCrm.Infrastructure.DemoData;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Imports;
using MakCrm.Infrastructure.Mail;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Notifications;
using MakCrm.Infrastructure.Persistence.Repositories;
using MakCrm.Infrastructure.Reminders;
using MakCrm.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.Infrastructure;

public static class DependencyInjection
{
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    /// <param name="connectionString">Read when the first DbContext is made, after every configuration source has loaded.</param>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration, Func<IServiceProvider, string> connectionString)
    {
        services.AddSingleton<SaveBatchInterceptor>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<IAuditLog, AuditLog>();
        // The options are built once per process and the contexts are pooled: building either for every request was a
        // good part of a small request's cost (bench/LOG.md).
        services.AddSingleton(provider => DatabaseDataSource.Create(connectionString(provider)));
        services.AddPooledDbContextFactory<MakCrmDbContext>(
            (provider, options) => Configure(options, provider.GetRequiredService<Npgsql.NpgsqlDataSource>()).AddInterceptors(provider.GetRequiredService<SaveBatchInterceptor>()),
            poolSize: 256);
        services.AddScoped(provider =>
        {
            var db = provider.GetRequiredService<IDbContextFactory<MakCrmDbContext>>().CreateDbContext();
            db.ScopeServices = provider;
            return db;
        });
        services.AddScoped<IUnitOfWork, UnitOfWork>();
        services.Configure<Idempotency.IdempotencyOptions>(configuration.GetSection(Idempotency.IdempotencyOptions.Section));
        services.AddSingleton<Idempotency.IdempotencyStore>();
        services.AddScoped<Idempotency.IdempotentRequest>();
        services.AddHostedService<Idempotency.IdempotencyPurgeWorker>();
        services.Configure<Events.EventOptions>(configuration.GetSection(Events.EventOptions.Section));
        services.AddScoped<Events.EventOutbox>();
        services.AddScoped<MakCrm.Application.Abstractions.Events.IEventOutbox>(provider => provider.GetRequiredService<Events.EventOutbox>());
        services.AddScoped<MakCrm.Application.Abstractions.Events.IEventWriter>(provider => provider.GetRequiredService<Events.EventOutbox>());
        services.AddSingleton<MakCrm.Application.Abstractions.Events.IEventFeed, Events.EventFeed>();
        services.AddSingleton<Events.EventSignals>();
        services.AddHostedService<Events.EventChannelListener>();
        services.AddScoped<Events.EventDataRenderer>();
        services.AddHostedService<Events.EventSequencer>();
        services.AddSingleton<Events.EventRetention>();
        services.AddHostedService<Events.EventPurgeWorker>();
        Streaming.StreamingServices.AddLiveStreams(services, configuration);
        services.Configure<Webhooks.WebhookOptions>(configuration.GetSection(Webhooks.WebhookOptions.Section));
        services.AddSingleton<Webhooks.WebhookSender>();
        services.AddSingleton<Webhooks.WebhookDeliverer>();
        services.AddScoped<Webhooks.WebhookFanOut>();
        services.AddScoped<Webhooks.WebhookDisabler>();
        services.AddScoped<MakCrm.Application.Abstractions.Persistence.IWebhookRepository, Webhooks.WebhookRepository>();
        services.AddScoped<MakCrm.Application.Abstractions.Persistence.IWebhookSecrets, Webhooks.WebhookSecretStore>();
        services.AddScoped<MakCrm.Application.Abstractions.Persistence.IWebhookDeliveries, Webhooks.WebhookDeliveryLog>();
        services.AddSingleton<MakCrm.Application.Abstractions.Persistence.IWebhookTargetPolicy, Webhooks.WebhookTargetPolicy>();
        services.AddHostedService<Webhooks.WebhookWorker>();
        services.Configure<Reports.ReportOptions>(configuration.GetSection(Reports.ReportOptions.Section));
        services.Configure<MakCrm.Application.Reports.DashboardOptions>(configuration.GetSection(MakCrm.Application.Reports.DashboardOptions.Section));
        services.AddSingleton(provider => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<MakCrm.Application.Reports.DashboardOptions>>().Value);
        services.AddScoped<MakCrm.Application.Abstractions.Persistence.IReportEngine, Reports.ReportEngine>();
        services.AddScoped<MakCrm.Application.Abstractions.Persistence.ISavedReportRepository, Reports.SavedReportRepository>();
        Documents.DocumentServices.AddDocumentStore(services, configuration);
        services.AddScoped<MakCrm.Application.Abstractions.Persistence.IKnowledgeRepository, Knowledge.KnowledgeRepository>();
        services.AddSingleton<MakCrm.Application.Abstractions.Persistence.IMarkdownRenderer, Knowledge.SafeMarkdownRenderer>();
        services.AddScoped<MakCrm.Application.Abstractions.Persistence.ITrainingRepository, Training.TrainingRepository>();
        services.AddScoped<IClientRepository, ClientRepository>();
        services.AddScoped<IClientSourceRepository, ClientSourceRepository>();
        services.AddScoped<IBankRepository, BankRepository>();
        services.AddScoped<ILeadRepository, LeadRepository>();
        services.AddScoped<IDuplicateGuard, DuplicateGuard>();
        services.AddScoped<IExternalRefs, ExternalRefs>();
        services.AddScoped<IContactIntakeReads, ContactIntakeReads>();
        services.AddScoped<ILedger, Ledger>();
        services.AddScoped<ILedgerReader, LedgerReader>();
        services.AddScoped<IGradeInForce, GradeInForce>();
        services.AddScoped<ICommissionRuleRepository, CommissionRuleRepository>();
        services.AddScoped<ICommissionLedger, CommissionLedger>();
        services.AddScoped<ICommissionReader, CommissionReader>();
        services.Configure<Commissions.CommissionOptions>(configuration.GetSection(Commissions.CommissionOptions.Section));
        services.AddScoped<Commissions.CommissionHoldRelease>();
        services.AddHostedService<Commissions.CommissionHoldReleaseWorker>();
        services.AddScoped<ISettlementRepository, Settlements.SettlementRepository>();
        services.AddScoped<IReferrals, Referrals>();
        services.AddScoped<IGrades, Persistence.Repositories.Grades>();
        services.Configure<MakCrm.Application.Grades.GradeOptions>(configuration.GetSection(MakCrm.Application.Grades.GradeOptions.Section));
        services.AddSingleton(provider => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<MakCrm.Application.Grades.GradeOptions>>().Value);
        services.AddScoped<Grades.GradeRecomputer>();
        services.AddHostedService<Grades.GradeRecomputeWorker>();
        services.Configure<MakCrm.Application.Points.PointsOptions>(configuration.GetSection(MakCrm.Application.Points.PointsOptions.Section));
        services.AddSingleton(provider => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<MakCrm.Application.Points.PointsOptions>>().Value);
        services.AddScoped<IPointRuleSets, Points.PointRuleSets>();
        services.AddScoped<IPointsReader, Points.PointsReader>();
        services.AddScoped<Persistence.RawSql.PointsAwarder>();
        services.AddHostedService<Points.PointsWorker>();
        services.AddSingleton(_ => new MakCrm.Application.Referrals.ReferralOptions
        {
            CabinetUrl = configuration[$"{MakCrm.Application.Referrals.ReferralOptions.Section}:CabinetUrl"] ?? configuration["Mak:Mail:CabinetUrl"],
        });
        services.AddScoped<ISettleableEntries, Settlements.SettleableEntries>();
        services.AddScoped<ISettlementPayouts, Settlements.SettlementPayouts>();
        services.AddScoped<ILeadReturnRepository, LeadReturnRepository>();
        services.Configure<MakCrm.Application.LeadReturns.LeadReturnOptions>(configuration.GetSection(MakCrm.Application.LeadReturns.LeadReturnOptions.Section));
        services.AddSingleton(provider => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<MakCrm.Application.LeadReturns.LeadReturnOptions>>().Value);
        services.AddScoped<ILeadStatusRepository, LeadStatusRepository>();
        services.AddScoped<ILeadTimeline, LeadTimelineRepository>();
        services.AddScoped<IOrganizationRepository, OrganizationRepository>();
        services.AddScoped<IOrganizationPurge, OrganizationPurge>();
        services.AddScoped<ITaskRepository, TaskRepository>();
        services.AddScoped<ITicketRepository, TicketRepository>();
        services.AddScoped<IHelpChatLinkRepository, HelpChatLinkRepository>();
        services.AddScoped<ICalendarFeedRepository, CalendarFeedRepository>();
        services.AddScoped<IPipelineRepository, PipelineRepository>();
        services.AddScoped<IDealRepository, DealRepository>();
        services.AddScoped<INotificationRepository, NotificationRepository>();
        services.AddScoped<MakCrm.Application.Abstractions.Notifications.INotificationOutbox, NotificationOutbox>();
        services.AddScoped<MakCrm.Application.Abstractions.Notifications.INotificationPreferenceStore, NotificationPreferenceStore>();
        services.AddScoped<MakCrm.Application.Abstractions.Security.IUserDirectory, UserDirectory>();
        services.AddScoped<UserNameDirectory>();
        services.AddScoped<MakCrm.Application.Abstractions.Security.IUserNameDirectory>(provider => provider.GetRequiredService<UserNameDirectory>());
        services.Configure<ReminderOptions>(configuration.GetSection(ReminderOptions.Section));
        services.AddScoped<TaskReminderDispatcher>();
        services.AddHostedService<TaskReminderWorker>();
        services.AddScoped<MakCrm.Application.Abstractions.Security.IAccountRegistry, AccountRegistry>();
        services.AddScoped<MakCrm.Application.Abstractions.Security.ISecurityAudit, SecurityAudit>();
        services.AddScoped<MakCrm.Application.Abstractions.Security.ISignIns, SignIns>();
        services.AddScoped<MakCrm.Application.Abstractions.Security.IMessengerLinks, Telegram.MessengerLinks>();
        services.Configure<Telegram.TelegramOptions>(configuration.GetSection(Telegram.TelegramOptions.Section));
        services.Configure<Telegram.WhatsAppOptions>(configuration.GetSection(Telegram.WhatsAppOptions.Section));
        services.AddScoped<MakCrm.Application.Abstractions.Security.IUserAdministration, UserAdministration>();
        services.AddScoped<IImportRepository, ImportRepository>();
        services.Configure<ImportOptions>(configuration.GetSection(ImportOptions.Section));
        services.AddKeyedTransient<IImportRowSink, Persistence.RawSql.ClientImportSink>(
            MakCrm.Domain.Imports.ImportKind.Clients);
        services.AddKeyedTransient<IImportRowSink, LeadImportSink>(MakCrm.Domain.Imports.ImportKind.Leads);
        services.AddSingleton<ImportRunner>();
        services.AddHostedService<ImportWorker>();
        services.Configure<MakCrm.Application.Auction.AuctionOptions>(configuration.GetSection(MakCrm.Application.Auction.AuctionOptions.Section));
        services.AddSingleton(provider => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<MakCrm.Application.Auction.AuctionOptions>>().Value);
        services.AddScoped<IAuctionRepository, AuctionRepository>();
        // over the driver's data source, with the request's idempotency key
        services.AddScoped<IBidBook, Persistence.RawSql.BidBook>();
        services.AddScoped<Auction.LotCloser>();
        services.AddHostedService<Auction.LotClosingWorker>();
        services.AddScoped<Auction.OutbidNotifier>();
        services.AddHostedService<Auction.OutbidNoticeWorker>();
        services.AddMail(configuration);
        services.AddPeopleAccess(configuration);
        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<DemoDataSeeder>();
        services.AddScoped<BootstrapAdmin>();

        services.AddIdentityCore<MakUser>(o =>
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
        services.Configure<AccessTokenOptions>(configuration.GetSection(AccessTokenOptions.Section));
        services.PostConfigure<AccessTokenOptions>(o => o.KeyEncryptionKey ??= configuration["MAK_KEY_ENCRYPTION_KEY"]);
        services.AddSingleton<SigningKeyRing>();
        services.AddSingleton<PermissionMatrix>();
        services.AddSingleton<AccessTokenValidator>();
        services.AddSingleton<UserStandings>();
        services.AddSingleton<MakCrm.Application.Abstractions.Security.IRememberedStandings>(provider => provider.GetRequiredService<UserStandings>());
        services.AddHostedService<UserStandingChanges>();
        services.AddSingleton<LeadStatusCodes>();
        services.AddHostedService<LeadStatusChanges>();
        services.AddScoped<TokenIssuer>();
        services.AddScoped<TokenGrants>();
        services.AddScoped<MakCrm.Application.Abstractions.Security.IRoleAdministration, RoleAdministration>();
        services.AddScoped<MakCrm.Application.Abstractions.Security.IApiClientAdministration, ApiClientAdministration>();
        services.AddScoped<TwoFactorAuthentication>();
        services.AddScoped<MakCrm.Application.Abstractions.Security.ITwoFactorAuthentication>(s => s.GetRequiredService<TwoFactorAuthentication>());
        services.AddHealthChecks().AddDbContextCheck<MakCrmDbContext>("database", tags: ["ready"]);
        return services;
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable(MigrationsHistoryTable));

    private static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, Npgsql.NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable(MigrationsHistoryTable));
}
