using System.Text.Json;
using MakCrm.Application.Behaviours;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.Application;

public static class DependencyInjection
{
    /// <summary>
    /// Registers every handler and validator of this assembly, and wraps handlers in the pipeline:
    /// logging → validation → the custom fields the caller sees → the names of the users the result names → unit of
    /// work (commands only) → handler. Handlers and their decorators hold no state, so
    /// they are transient: made for the request without being recorded in its scope; what they share within a request
    /// (the unit of work, the caller, the repositories) is scoped.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = ValidatorOptions.Global.PropertyNameResolver;

        services.AddSingleton(TimeProvider.System);
        services.AddScoped<Common.Assignees>();
        services.AddScoped<Common.SubjectRecords>();
        services.AddScoped<Tasks.TaskAssignment>();
        services.AddScoped<Tickets.TicketWork>();
        services.AddScoped<Calendars.ICalendarSource, Calendars.TaskCalendarSource>();
        services.AddScoped<Calendars.ICalendarSource, Training.TrainingEventCalendarSource>();
        services.AddScoped<Pipelines.StageTriggerCheck>();
        services.AddScoped<Deals.StageTriggerRunner>();
        services.AddScoped<Leads.LeadSystemChange>();
        services.AddScoped<Automation.IAutomationActions, Automation.AutomationActions>();
        services.AddScoped<Automation.AutomationRunner>();
        services.AddScoped<Automation.AutomationRuleCheck>();
        services.AddScoped<Deals.DealLinks>();
        services.AddScoped<Clients.ClientSummaryLookup>();
        services.AddScoped<Commissions.CommissionAccruals>();
        services.AddScoped<Leads.Intake.ILeadIntake, Leads.Intake.LeadIntake>();
        services.AddScoped<Leads.LeadClientHandover>();
        services.AddScoped<Leads.LeadNotices>();
        services.AddScoped<Notifications.NotificationReader>();
        services.AddScoped<Notifications.OrganizationNotice>();
        services.AddScoped<Organizations.RegistrationDecisionNotice>();
        services.AddScoped<Auction.LotClosing>();
        services.AddScoped<LeadReturns.ReturnDecisionNotice>();
        services.AddScoped<Users.UserManagement>();
        services.AddScoped<Abstractions.Security.ActorOverride>();
        services.AddSingleton<Reports.DashboardCache>();
        services.AddScoped<Reports.DashboardReader>();
        services.AddScoped<Documents.Generation.IDocumentGeneration, Documents.Generation.DocumentGeneration>();
        services.AddScoped<Documents.Generation.DocumentParties>();
        services.AddScoped<Invoices.InvoiceIssuing>();
        services.AddScoped<Retention.DestructionRound>();
        services.AddScoped<Documents.Templates.DocumentTemplateCatalog>();
        services.AddScoped<Invoices.InvoiceOverdueNotice>();
        services.AddScoped<Points.PointsSubject>();
        services.AddScoped<CustomFields.CustomFieldAccess>();
        services.AddScoped<Reports.ReportPlanning>();
        services.AddScoped<Consents.ConsentChecks>();
        services.AddScoped<BorrowerChecks.BorrowerCheckGate>();
        services.AddScoped<Consents.ClientCardConsent>();
        services.AddScoped<Targets.SalesTargetAccess>();
        services.AddScoped<Teams.TeamManagement>();
        services.AddScoped<AmoCrm.AmoCrmLeadSync>();
        services.AddScoped<AmoCrm.AmoCrmClientSync>();
        services.Scan(scan =>
            scan.FromAssemblyOf<ApplicationAssembly>()
                .AddClasses(c => c.AssignableTo(typeof(ICommandHandler<,>)), publicOnly: false)
                .AsImplementedInterfaces()
                .WithTransientLifetime()
                .AddClasses(c => c.AssignableTo(typeof(IQueryHandler<,>)), publicOnly: false)
                .AsImplementedInterfaces()
                .WithTransientLifetime()
                .AddClasses(c => c.AssignableTo(typeof(IValidator<>)), publicOnly: false)
                .AsImplementedInterfaces()
                .WithSingletonLifetime()
        );

        // Scrutor applies decorators inside-out: the last one registered is the outermost.
        services.Decorate(typeof(ICommandHandler<,>), typeof(UnitOfWorkDecorator<,>));
        services.Decorate(typeof(ICommandHandler<,>), typeof(UserNamesCommandDecorator<,>));
        services.Decorate(typeof(ICommandHandler<,>), typeof(CustomFieldsCommandDecorator<,>));
        services.Decorate(typeof(ICommandHandler<,>), typeof(ValidationCommandDecorator<,>));
        services.Decorate(typeof(ICommandHandler<,>), typeof(LoggingCommandDecorator<,>));
        services.Decorate(typeof(ICommandHandler<,>), typeof(TracingCommandDecorator<,>));
        services.Decorate(typeof(IQueryHandler<,>), typeof(UserNamesQueryDecorator<,>));
        services.Decorate(typeof(IQueryHandler<,>), typeof(CustomFieldsQueryDecorator<,>));
        services.Decorate(typeof(IQueryHandler<,>), typeof(ValidationQueryDecorator<,>));
        services.Decorate(typeof(IQueryHandler<,>), typeof(LoggingQueryDecorator<,>));
        services.Decorate(typeof(IQueryHandler<,>), typeof(TracingQueryDecorator<,>));
        return services;
    }
}

/// <summary>A marker for assembly scanning.</summary>
public sealed class ApplicationAssembly;
