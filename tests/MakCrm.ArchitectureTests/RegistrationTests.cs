using System.Diagnostics.CodeAnalysis;
using FluentValidation;
using MakCrm.Application;
using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Infrastructure;
using InfrastructureServices = MakCrm.Infrastructure.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.ArchitectureTests;

/// <summary>
/// The services are registered by convention (Infrastructure's <c>DependencyInjection</c>: a class implementing a port,
/// or marked <c>[Scoped]</c> or <c>[Singleton]</c>, is found by scanning). These tests hold what that must keep: every
/// service can be made from what is registered, and every lifetime is the one it had when each service was registered
/// by hand.
/// </summary>
public sealed class RegistrationTests
{
    /// <summary>The service types and lifetimes AddInfrastructure registered one by one (keyed ones too).</summary>
    private const string LifetimesRegisteredByHand = """
        Scoped Application.Abstractions.Documents.IDocumentCounters
        Scoped Application.Abstractions.Documents.IDocumentRenderer
        Singleton Application.Abstractions.Documents.IPdfRenderer
        Singleton Application.Abstractions.Events.IEventFeed
        Scoped Application.Abstractions.Events.IEventOutbox
        Scoped Application.Abstractions.Events.IEventWriter
        Scoped Application.Abstractions.Mail.IMailOutbox
        Scoped Application.Abstractions.Notifications.INotificationOutbox
        Scoped Application.Abstractions.Notifications.INotificationPreferenceStore
        Scoped Application.Abstractions.Persistence.IAuctionRepository
        Scoped Application.Abstractions.Persistence.IAuditLog
        Scoped Application.Abstractions.Persistence.IBankRepository
        Scoped Application.Abstractions.Persistence.IBidBook
        Scoped Application.Abstractions.Persistence.ICalendarFeedRepository
        Scoped Application.Abstractions.Persistence.IClientRepository
        Scoped Application.Abstractions.Persistence.IClientSourceRepository
        Scoped Application.Abstractions.Persistence.ICommissionLedger
        Scoped Application.Abstractions.Persistence.ICommissionReader
        Scoped Application.Abstractions.Persistence.ICommissionRuleRepository
        Scoped Application.Abstractions.Persistence.IContactIntakeReads
        Scoped Application.Abstractions.Persistence.IDealRepository
        Scoped Application.Abstractions.Persistence.IDocumentRepository
        Scoped Application.Abstractions.Persistence.IDuplicateGuard
        Scoped Application.Abstractions.Persistence.IExternalRefs
        Scoped Application.Abstractions.Persistence.IGradeInForce
        Scoped Application.Abstractions.Persistence.IGrades
        Scoped Application.Abstractions.Persistence.IHelpChatLinkRepository
        Scoped Application.Abstractions.Persistence.IImportRepository
        Scoped Application.Abstractions.Persistence.IInvitationRepository
        Scoped Application.Abstractions.Persistence.IKnowledgeRepository
        Scoped Application.Abstractions.Persistence.ILeadRepository
        Scoped Application.Abstractions.Persistence.ILeadReturnRepository
        Scoped Application.Abstractions.Persistence.ILeadStatusRepository
        Scoped Application.Abstractions.Persistence.ILeadTimeline
        Scoped Application.Abstractions.Persistence.ILedger
        Scoped Application.Abstractions.Persistence.ILedgerReader
        Singleton Application.Abstractions.Persistence.IMarkdownRenderer
        Scoped Application.Abstractions.Persistence.INotificationRepository
        Scoped Application.Abstractions.Persistence.IOrganizationPurge
        Scoped Application.Abstractions.Persistence.IOrganizationRepository
        Scoped Application.Abstractions.Persistence.IPasswordResets
        Scoped Application.Abstractions.Persistence.IPipelineRepository
        Scoped Application.Abstractions.Persistence.IPointRuleSets
        Scoped Application.Abstractions.Persistence.IPointsReader
        Scoped Application.Abstractions.Persistence.IReferrals
        Scoped Application.Abstractions.Persistence.IReportEngine
        Scoped Application.Abstractions.Persistence.ISavedReportRepository
        Scoped Application.Abstractions.Persistence.ISettleableEntries
        Scoped Application.Abstractions.Persistence.ISettlementPayouts
        Scoped Application.Abstractions.Persistence.ISettlementRepository
        Scoped Application.Abstractions.Persistence.ITaskRepository
        Scoped Application.Abstractions.Persistence.ITicketRepository
        Scoped Application.Abstractions.Persistence.ITrainingRepository
        Scoped Application.Abstractions.Persistence.IUnitOfWork
        Scoped Application.Abstractions.Persistence.IWebhookDeliveries
        Scoped Application.Abstractions.Persistence.IWebhookRepository
        Scoped Application.Abstractions.Persistence.IWebhookSecrets
        Singleton Application.Abstractions.Persistence.IWebhookTargetPolicy
        Scoped Application.Abstractions.Security.IAccountRegistry
        Scoped Application.Abstractions.Security.IApiClientAdministration
        Scoped Application.Abstractions.Security.IMessengerLinks
        Scoped Application.Abstractions.Security.IPasswords
        Singleton Application.Abstractions.Security.IRememberedStandings
        Scoped Application.Abstractions.Security.IRoleAdministration
        Scoped Application.Abstractions.Security.ISecurityAudit
        Scoped Application.Abstractions.Security.ISignIns
        Scoped Application.Abstractions.Security.ITwoFactorAuthentication
        Scoped Application.Abstractions.Security.IUserAdministration
        Scoped Application.Abstractions.Security.IUserDirectory
        Scoped Application.Abstractions.Security.IUserNameDirectory
        Singleton Application.Abstractions.Storage.IDocumentStorage
        Singleton Application.Auction.AuctionOptions
        Singleton Application.Documents.DocumentLimits
        Singleton Application.Documents.Generation.DocumentGenerationSettings
        Singleton Application.Grades.GradeOptions
        Singleton Application.LeadReturns.LeadReturnOptions
        Singleton Application.Passwords.PasswordResetOptions
        Singleton Application.Points.PointsOptions
        Singleton Application.Referrals.ReferralOptions
        Singleton Application.Reports.DashboardOptions
        Scoped Infrastructure.Auction.LotCloser
        Scoped Infrastructure.Auction.OutbidNotifier
        Scoped Infrastructure.Auditing.AuditTrail
        Scoped Infrastructure.Commissions.CommissionHoldRelease
        Scoped Infrastructure.DemoData.DemoDataSeeder
        Scoped Infrastructure.Events.EventDataRenderer
        Scoped Infrastructure.Events.EventOutbox
        Singleton Infrastructure.Events.EventRetention
        Singleton Infrastructure.Events.EventSignals
        Scoped Infrastructure.Grades.GradeRecomputer
        Singleton Infrastructure.Idempotency.IdempotencyStore
        Scoped Infrastructure.Idempotency.IdempotentRequest
        Scoped Infrastructure.Identity.BootstrapAdmin
        Scoped Infrastructure.Identity.MakUserManager
        Scoped Infrastructure.Identity.UserNameDirectory
        Transient Infrastructure.Imports.IImportRowSink
        Singleton Infrastructure.Imports.ImportRunner
        Singleton Infrastructure.Mail.IMailTransport
        Singleton Infrastructure.Mail.MailSender
        Scoped Infrastructure.Persistence.DatabaseMigrator
        Scoped Infrastructure.Persistence.MakCrmDbContext
        Scoped Infrastructure.Persistence.RawSql.PointsAwarder
        Singleton Infrastructure.Persistence.Repositories.LeadStatusCodes
        Singleton Infrastructure.Persistence.SaveBatchInterceptor
        Scoped Infrastructure.Reminders.TaskReminderDispatcher
        Singleton Infrastructure.Security.AccessTokenValidator
        Singleton Infrastructure.Security.PermissionMatrix
        Singleton Infrastructure.Security.SigningKeyRing
        Scoped Infrastructure.Security.StreamTickets
        Scoped Infrastructure.Security.TokenGrants
        Scoped Infrastructure.Security.TokenIssuer
        Scoped Infrastructure.Security.TwoFactorAuthentication
        Singleton Infrastructure.Security.UserStandings
        Singleton Infrastructure.Streaming.LiveEvents
        Singleton Infrastructure.Streaming.StreamSlots
        Singleton Infrastructure.Streaming.StreamSubscribers
        Singleton Infrastructure.Webhooks.WebhookDeliverer
        Scoped Infrastructure.Webhooks.WebhookDisabler
        Scoped Infrastructure.Webhooks.WebhookFanOut
        Singleton Infrastructure.Webhooks.WebhookSender
        """;

    [Fact]
    public void Infrastructure_services_keep_the_lifetimes_they_had_when_registered_by_hand()
    {
        var services = Registered();
        var changed = new List<string>();
        var lines = LifetimesRegisteredByHand.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var line in lines.Select(l => l.Trim().Split(' ')))
        {
            var (lifetime, name) = (Enum.Parse<ServiceLifetime>(line[0]), "MakCrm." + line[1]);
            var registered = services.Where(s => s.ServiceType.FullName == name).Select(s => s.Lifetime).Distinct()
                .ToList();
            if (registered is not [var only] || only != lifetime)
            {
                var now = registered.Count == 0 ? "not registered" : string.Join(" and ", registered);
                changed.Add($"{name}: {lifetime} by hand, {now} now");
            }
        }

        changed.Should().BeEmpty();
    }

    [Fact]
    public void A_scanned_service_is_scoped_unless_it_is_marked_a_singleton()
    {
        var infrastructure = typeof(InfrastructureServices).Assembly;
        var wrong = Registered()
            .Where(s => s.ImplementationType?.Assembly == infrastructure && s.ServiceType == s.ImplementationType)
            .Where(s => s.Lifetime != (s.ImplementationType!.IsDefined(typeof(SingletonAttribute), false)
                ? ServiceLifetime.Singleton
                : ServiceLifetime.Scoped))
            .Select(s => $"{s.ImplementationType!.Name} is {s.Lifetime}");

        wrong.Should().BeEmpty();
    }

    /// <summary>
    /// Every service of the Application and Infrastructure, handlers included, can be made from what is registered, and
    /// no singleton takes a service that is only scoped: a port with no implementation, or an implementation the scan
    /// does not find, fails here naming the service that needs it rather than at a user's first request. The ports the
    /// web layer implements (the caller, the request, the events' wire format) count as registered.
    /// </summary>
    [Fact]
    public void Every_service_can_be_made_from_what_is_registered()
    {
        var services = Registered(withApplication: true);
        var webPorts = typeof(Program).Assembly.GetTypes().Where(t => t.IsClass)
            .SelectMany(t => t.GetInterfaces()).Where(InfrastructureServices.IsPort).ToHashSet();
        var isService = services.BuildServiceProvider().GetRequiredService<IServiceProviderIsService>();
        bool Provided(Type type) => webPorts.Contains(type) || isService.IsService(type)
            || type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>);
        bool OnlyScoped(Type type) => services.Where(s => s.ServiceType == type).ToList() is { Count: > 0 } found
            && found.All(s => s.Lifetime == ServiceLifetime.Scoped);

        var problems = new List<string>();
        foreach (var service in services)
        {
            var type = service.IsKeyedService ? service.KeyedImplementationType : service.ImplementationType;
            if (!IsOurs(type) || IsPartValidator(type))
            {
                continue;
            }

            foreach (var parameter in type.GetConstructors().MaxBy(c => c.GetParameters().Length)!.GetParameters())
            {
                var needed = parameter.ParameterType.Name;
                if (!Provided(parameter.ParameterType) && !parameter.HasDefaultValue)
                {
                    problems.Add($"{type.Name} needs {needed}, which nothing registers");
                }
                else if (service.Lifetime == ServiceLifetime.Singleton && OnlyScoped(parameter.ParameterType))
                {
                    problems.Add($"{type.Name} is a singleton but takes {needed}, which is scoped");
                }
            }
        }

        problems.Should().BeEmpty("a service that cannot be made is half-registered");
    }

    [Fact]
    public void Every_port_implemented_in_infrastructure_is_registered()
    {
        var infrastructure = typeof(InfrastructureServices).Assembly;
        var services = Registered();
        var ports = infrastructure.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false, IsNested: false })
            .SelectMany(t => t.GetInterfaces()).Where(InfrastructureServices.IsPort).Distinct();

        var unregistered = ports.Select(port => (port, Count: services.Count(s => s.ServiceType == port),
                Unkeyed: services.Count(s => s.ServiceType == port && !s.IsKeyedService)))
            .Where(p => p.Count == 0 || p.Unkeyed > 1)
            .Select(p => p.Count == 0
                ? $"{p.port.Name} is implemented here but not registered: a port implemented by several classes is not "
                    + "scanned, so DependencyInjection chooses (or keys) one"
                : $"{p.port.Name} is registered {p.Unkeyed} times");

        unregistered.Should().BeEmpty();
    }

    private static bool IsOurs([NotNullWhen(true)] Type? type) =>
        type is { IsGenericTypeDefinition: false }
        && type.Assembly.FullName!.StartsWith("MakCrm.", StringComparison.Ordinal);

    /// <summary>
    /// A validator of a part of a request (a consent, an attribution): its request's validator makes it, with what it
    /// needs; the scan registers it too, but only a request's validator is ever asked for.
    /// </summary>
    private static bool IsPartValidator(Type type) =>
        type.GetInterfaces().Any(i => Is(i, typeof(IValidator<>))
            && !i.GetGenericArguments()[0].GetInterfaces()
                .Any(r => Is(r, typeof(ICommand<>)) || Is(r, typeof(IQuery<>))));

    private static bool Is(Type type, Type genericDefinition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == genericDefinition;

    /// <summary>The Infrastructure's services after what the host registers (the Application's if asked).</summary>
    private static ServiceCollection Registered(bool withApplication = false)
    {
        var services = new ServiceCollection();
        if (withApplication)
        {
            services.AddApplication();
        }

        services.AddLogging();
        services.AddMetrics();
        services.AddDataProtection();
        services.AddInfrastructure(new ConfigurationBuilder().Build(), _ => "Host=127.0.0.1");
        return services;
    }
}
