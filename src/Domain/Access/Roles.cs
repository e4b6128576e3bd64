using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Access;

/// <summary>The roles of the specification (2.1.5) and the permissions each holds until an admin edits the
/// matrix.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Employee = "employee";
    public const string Partner = "partner";
    public const string Franchisee = "franchisee";
    public const string Guest = "guest";

    /// <summary>
    /// The role that stands for an organization of a kind: the role its registered users get (partner, franchisee), and
    /// for head office the admin, whose role holds every permission. An API client of the organization may do no more.
    /// </summary>
    public static string OfOrganization(OrganizationKind kind) =>
        kind switch
        {
            OrganizationKind.Partner => Partner,
            OrganizationKind.Franchisee => Franchisee,
            _ => Admin,
        };

    /// <summary>The roles a user of an organization of this kind may hold: head-office roles only at head
    /// office.</summary>
    public static IReadOnlyList<string> AllowedIn(OrganizationKind kind) =>
        kind switch
        {
            OrganizationKind.Partner => [Partner, Guest],
            OrganizationKind.Franchisee => [Franchisee, Guest],
            _ => [Admin, Employee, Guest],
        };

    public static IReadOnlyDictionary<string, string[]> DefaultMatrix { get; } =
        new Dictionary<string, string[]>
        {
            [Admin] = [.. Permissions.All],
            [Employee] =
            [
                Permissions.ClientsReadAll,
                Permissions.ClientsWrite,
                Permissions.ClientsExport,
                Permissions.LeadsReadAll,
                Permissions.LeadsWrite,
                Permissions.LeadsExport,
                Permissions.OrganizationsManage,
                Permissions.DealsReadAll,
                Permissions.DealsWrite,
                Permissions.TasksReadOwn,
                Permissions.TasksReadAll,
                Permissions.TasksWrite,
                Permissions.TasksDelete,
                Permissions.NotificationsRead,
                Permissions.AuctionRead,
                Permissions.AuctionManage,
                Permissions.LedgerReadAll,
                Permissions.LedgerManage,
                Permissions.LeadReturnsDecide,
                Permissions.UsersReadAll,
                Permissions.OrganizationsReadOwn,
                Permissions.EventsRead,
                Permissions.ReportsRead,
                Permissions.ReportsManage,
                Permissions.DashboardsRead,
                Permissions.DocumentsReadAll,
                Permissions.DocumentsUpload,
                Permissions.DocumentsGenerateAll,
                Permissions.CommissionsReadAll,
                Permissions.SettlementsReadAll,
                Permissions.KnowledgeRead,
                Permissions.KnowledgeManage,
                Permissions.TicketsReadAll,
                Permissions.TicketsCreate,
                Permissions.TicketsManage,
                Permissions.HelpRead,
                Permissions.CalendarFeedsManage,
                Permissions.TrainingRead,
                Permissions.TrainingManage,
                Permissions.PointsRead,
                Permissions.CustomFieldsReadAll,
                Permissions.ConsentsReadAll,
                Permissions.ConsentsManage,
                Permissions.SubjectRequestsReadAll,
                Permissions.SubjectRequestsRegister,
                Permissions.CatalogueRead,
                Permissions.InvoicesReadAll,
                Permissions.SalesTargetsManageAll,
                Permissions.CreditProgrammesRead,
                Permissions.AutomationRulesReadAll,
                Permissions.BorrowerChecksReadAll,
                Permissions.BorrowerChecksRun,
            ],
            [Partner] =
            [
                Permissions.ClientsReadOwn,
                Permissions.ClientsWrite,
                Permissions.LeadsReadOwn,
                Permissions.LeadsWrite,
                Permissions.DealsReadOwn,
                Permissions.DealsWrite,
                Permissions.TasksReadOwn,
                Permissions.TasksWrite,
                Permissions.TasksDelete,
                Permissions.NotificationsRead,
                Permissions.UsersReadOwn,
                Permissions.UsersManageOwn,
                Permissions.OrganizationsReadOwn,
                Permissions.OrganizationsEditOwn,
                Permissions.EventsRead,
                Permissions.WebhooksManage,
                Permissions.ReportsRead,
                Permissions.ReportsManage,
                Permissions.DashboardsRead,
                Permissions.DocumentsReadOwn,
                Permissions.DocumentsUpload,
                Permissions.DocumentsManage,
                Permissions.CommissionsReadOwn,
                Permissions.SettlementsReadOwn,
                Permissions.SettlementsAccept,
                Permissions.KnowledgeRead,
                Permissions.TicketsReadOwn,
                Permissions.TicketsCreate,
                Permissions.HelpRead,
                Permissions.CalendarFeedsManage,
                Permissions.TrainingRead,
                Permissions.PointsRead,
                Permissions.CustomFieldsReadOwn,
                Permissions.ConsentsReadOwn,
                Permissions.ConsentsManage,
                Permissions.SubjectRequestsReadOwn,
                Permissions.SubjectRequestsRegister,
                Permissions.SalesTargetsManageOwn,
                Permissions.CreditProgrammesRead,
                Permissions.AutomationRulesReadOwn,
                Permissions.AutomationRulesManage,
                Permissions.BorrowerChecksReadOwn,
                Permissions.BorrowerChecksRun,
            ],
            [Franchisee] =
            [
                Permissions.ClientsReadOwn,
                Permissions.ClientsWrite,
                Permissions.LeadsReadOwn,
                Permissions.LeadsWrite,
                Permissions.LeadsDelete,
                Permissions.DealsReadOwn,
                Permissions.DealsWrite,
                Permissions.DealsDelete,
                Permissions.TasksReadOwn,
                Permissions.TasksWrite,
                Permissions.TasksDelete,
                Permissions.NotificationsRead,
                Permissions.AuctionRead,
                Permissions.AuctionBid,
                Permissions.LedgerReadOwn,
                Permissions.LeadReturnsCreate,
                Permissions.UsersReadOwn,
                Permissions.UsersManageOwn,
                Permissions.OrganizationsReadOwn,
                Permissions.OrganizationsEditOwn,
                Permissions.EventsRead,
                Permissions.WebhooksManage,
                Permissions.ReportsRead,
                Permissions.ReportsManage,
                Permissions.DashboardsRead,
                Permissions.DocumentsReadOwn,
                Permissions.DocumentsUpload,
                Permissions.DocumentsManage,
                Permissions.DocumentsGenerateOwn,
                Permissions.CommissionsReadOwn,
                Permissions.KnowledgeRead,
                Permissions.TicketsReadOwn,
                Permissions.TicketsCreate,
                Permissions.HelpRead,
                Permissions.CalendarFeedsManage,
                Permissions.TrainingRead,
                Permissions.PointsRead,
                Permissions.CustomFieldsReadOwn,
                Permissions.ConsentsReadOwn,
                Permissions.ConsentsManage,
                Permissions.SubjectRequestsReadOwn,
                Permissions.SubjectRequestsRegister,
                Permissions.CatalogueRead,
                Permissions.InvoicesReadOwn,
                Permissions.SalesTargetsManageOwn,
                Permissions.CreditProgrammesRead,
                Permissions.AutomationRulesReadOwn,
                Permissions.AutomationRulesManage,
                Permissions.BorrowerChecksReadOwn,
                Permissions.BorrowerChecksRun,
            ],
            [Guest] =
            [
                Permissions.TasksReadOwn,
                Permissions.NotificationsRead,
                Permissions.OrganizationsReadOwn,
                Permissions.KnowledgeRead,
                Permissions.TicketsReadOwn,
                Permissions.TicketsCreate,
                Permissions.HelpRead,
                Permissions.CalendarFeedsManage,
                Permissions.TrainingRead,
                Permissions.CustomFieldsReadOwn,
            ],
        };
}
