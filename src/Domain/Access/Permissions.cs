namespace MakCrm.Domain.Access;

/// <summary>
/// The fine-grained permissions of the role matrix. A role holds a set of them (editable by an admin); an API
/// client holds a subset as its scopes. <c>.own</c> reads are limited to the caller's organization, <c>.all</c>
/// reads see every organization's rows.
/// </summary>
public static class Permissions
{
    public const string ClientsReadOwn = "clients.read.own";
    public const string ClientsReadAll = "clients.read.all";
    public const string ClientsWrite = "clients.write";
    public const string ClientsDelete = "clients.delete";
    public const string ClientsExport = "clients.export";
    public const string ClientSourcesManage = "client_sources.manage";
    public const string LeadsReadOwn = "leads.read.own";
    public const string LeadsReadAll = "leads.read.all";
    public const string LeadsWrite = "leads.write";
    public const string LeadsDelete = "leads.delete";
    public const string DealsReadOwn = "deals.read.own";
    public const string DealsReadAll = "deals.read.all";
    public const string DealsWrite = "deals.write";
    public const string DealsDelete = "deals.delete";
    public const string PipelinesManage = "pipelines.manage";
    public const string LeadsExport = "leads.export";
    public const string TasksReadOwn = "tasks.read.own";
    public const string TasksReadAll = "tasks.read.all";
    public const string TasksWrite = "tasks.write";
    public const string TasksDelete = "tasks.delete";
    public const string NotificationsRead = "notifications.read";
    public const string LeadStatusesManage = "lead_statuses.manage";
    public const string AuditRead = "audit.read";
    public const string RolesManage = "roles.manage";
    public const string ApiClientsManage = "api_clients.manage";
    public const string OrganizationsManage = "organizations.manage";

    // People and organizations: reading users (pickers, names), managing them, and an organization's own profile.
    public const string UsersReadOwn = "users.read.own";
    public const string UsersReadAll = "users.read.all";

    /// <summary>Manage the users of any organization (head office).</summary>
    public const string UsersManage = "users.manage";

    /// <summary>Manage the colleagues of one's own organization; held by a role, used only by the organization's
    /// owner.</summary>
    public const string UsersManageOwn = "users.manage.own";
    public const string OrganizationsReadOwn = "organizations.read.own";

    /// <summary>Edit one's own organization's profile; held by a role, used only by the organization's owner.</summary>
    public const string OrganizationsEditOwn = "organizations.edit.own";

    // Lead auction.
    public const string AuctionRead = "auction.read";
    public const string AuctionBid = "auction.bid";
    public const string AuctionManage = "auction.manage";

    // Ledger and lead returns.
    public const string LedgerReadOwn = "ledger.read.own";
    public const string LedgerReadAll = "ledger.read.all";
    public const string LedgerManage = "ledger.manage";
    public const string LeadReturnsCreate = "lead_returns.create";
    public const string LeadReturnsDecide = "lead_returns.decide";

    /// <summary>Reading the event feed and the live stream; each event is shown only to those who may read its
    /// resource.</summary>
    public const string EventsRead = "events.read";

    /// <summary>Managing the organization's webhook subscriptions (head office's may take every event it may
    /// see).</summary>
    public const string WebhooksManage = "webhooks.manage";

    // Report builder.
    /// <summary>Running report queries and reading saved reports one owns or that are shared with one's role; each
    /// dataset needs its own read permission too.</summary>
    public const string ReportsRead = "reports.read";

    /// <summary>Saving reports, and changing and deleting one's own.</summary>
    public const string ReportsManage = "reports.manage";

    /// <summary>Reading, changing and deleting every saved report (head office).</summary>
    public const string ReportsManageAll = "reports.manage.all";

    // Dashboards.
    /// <summary>Opening the dashboards meant for the caller's kind of organization (and the personal one for a
    /// head-office user); each panel needs its dataset's read permission too.</summary>
    public const string DashboardsRead = "dashboards.read";

    // The document store.
    /// <summary>Reading and downloading the documents of one's own organization.</summary>
    public const string DocumentsReadOwn = "documents.read.own";

    /// <summary>Reading and downloading every organization's documents (head office).</summary>
    public const string DocumentsReadAll = "documents.read.all";

    /// <summary>Uploading contracts, scans and other files to one's own organization.</summary>
    public const string DocumentsUpload = "documents.upload";

    /// <summary>Deleting uploaded documents (of the organizations one may read).</summary>
    public const string DocumentsManage = "documents.manage";

    /// <summary>Generating documents for one's own organization: a franchisee's top-up invoices.</summary>
    public const string DocumentsGenerateOwn = "documents.generate.own";

    /// <summary>Generating documents for any organization: top-up invoices for franchisees, franchise contracts (head
    /// office).</summary>
    public const string DocumentsGenerateAll = "documents.generate.all";

    // Partner money.
    /// <summary>Managing the bank list and the commission rules, and setting a partner's referrer (head
    /// office).</summary>
    public const string CommissionsManage = "commissions.manage";

    // The Telegram bot's API client.
    /// <summary>
    /// Redeeming Telegram link codes, looking links up and exchanging a link for a short-lived token of its user (the
    /// bot's API client). A client scope only: no role holds it, so no user token ever carries it.
    /// </summary>
    public const string TelegramBot = "telegram.bot";

    /// <summary>Scopes an API client may hold that are not permissions of any role (<see cref="All"/> is the role
    /// matrix's).</summary>
    public static IReadOnlyList<string> ClientOnly { get; } = [TelegramBot];

    /// <summary>Reading one's own commission ledger and balances, the rules that apply to one, and using the profit
    /// calculator.</summary>
    public const string CommissionsReadOwn = "commissions.read.own";

    /// <summary>Reading every organization's commission ledger and every commission rule (head office).</summary>
    public const string CommissionsReadAll = "commissions.read.all";

    // Settlement acts.
    /// <summary>Reading one's own organization's issued settlement acts and its reconciliation statements.</summary>
    public const string SettlementsReadOwn = "settlements.read.own";

    /// <summary>Reading every organization's settlement acts.</summary>
    public const string SettlementsReadAll = "settlements.read.all";

    /// <summary>Drafting, issuing and discarding acts, recording payouts, making reconciliation statements (head
    /// office).</summary>
    public const string SettlementsManage = "settlements.manage";

    /// <summary>Accepting (signing) one's own organization's issued acts with a one-time code.</summary>
    public const string SettlementsAccept = "settlements.accept";

    // The knowledge base.
    /// <summary>Reading and searching the published articles and FAQ entries shown to one's role and kind of
    /// organization.</summary>
    public const string KnowledgeRead = "knowledge.read";

    /// <summary>Writing sections, articles (drafts included) and FAQ entries, and reading every one (head
    /// office).</summary>
    public const string KnowledgeManage = "knowledge.manage";

    // Help.
    /// <summary>Reading the support tickets of one's own organization.</summary>
    public const string TicketsReadOwn = "tickets.read.own";

    /// <summary>Reading every organization's support tickets (head office).</summary>
    public const string TicketsReadAll = "tickets.read.all";

    /// <summary>Opening support tickets and writing to the ones one may read.</summary>
    public const string TicketsCreate = "tickets.create";

    /// <summary>Support's work on tickets: status, assignee, priority, internal notes; told about new
    /// tickets.</summary>
    public const string TicketsManage = "tickets.manage";

    /// <summary>Reading the help section (its chat links for one's kind of organization).</summary>
    public const string HelpRead = "help.read";

    /// <summary>Configuring the help section's chat links (head office).</summary>
    public const string HelpManage = "help.manage";

    // Calendars.
    /// <summary>Creating, rotating and revoking one's own personal calendar feed.</summary>
    public const string CalendarFeedsManage = "calendar_feeds.manage";

    // Training.
    /// <summary>Reading the published courses shown to one's role and kind of organization, learning (progress,
    /// homework), and the training events shown to one.</summary>
    public const string TrainingRead = "training.read";

    /// <summary>Writing courses, lessons, assignments and training events, reviewing homework, marking attendance;
    /// reading every course (head office).</summary>
    public const string TrainingManage = "training.manage";

    // Points (gamification).
    /// <summary>Reading one's own points, level, badges and entries, and the leaderboard of one's role.</summary>
    public const string PointsRead = "points.read";

    /// <summary>Replacing the point rules and reading any user's points and any role's leaderboard (head
    /// office).</summary>
    public const string PointsManage = "points.manage";

    // Custom field definitions.
    /// <summary>Reading the custom field definitions shown to one's role and kind of organization.</summary>
    public const string CustomFieldsReadOwn = "custom_fields.read.own";

    /// <summary>Reading every custom field definition (head office).</summary>
    public const string CustomFieldsReadAll = "custom_fields.read.all";

    /// <summary>Adding, changing and deleting custom field definitions (head office).</summary>
    public const string CustomFieldsManage = "custom_fields.manage";

    // Integrations.
    /// <summary>Connecting head office's amoCRM account, reading the connection's state and disconnecting it (head
    /// office's admins).</summary>
    public const string IntegrationsManage = "integrations.manage";

    // Personal data.
    /// <summary>Reading the log of who read which borrower's personal data: cards, list pages and exports (head
    /// office).</summary>
    public const string PersonalDataReadsRead = "personal_data_reads.read";

    // Consents of clients to the processing of their data, by purpose.
    /// <summary>Reading the consents of one's organization's clients, and checking them.</summary>
    public const string ConsentsReadOwn = "consents.read.own";

    /// <summary>Reading and checking every organization's consents (head office).</summary>
    public const string ConsentsReadAll = "consents.read.all";

    /// <summary>Recording and withdrawing consents of the clients one sees.</summary>
    public const string ConsentsManage = "consents.manage";

    // Invoices and the services catalogue.
    /// <summary>Reading the services catalogue invoice lines are made from.</summary>
    public const string CatalogueRead = "catalogue.read";

    /// <summary>Adding, changing, archiving and deleting catalogue items (head office).</summary>
    public const string CatalogueManage = "catalogue.manage";

    /// <summary>Reading the invoices of one's own organization.</summary>
    public const string InvoicesReadOwn = "invoices.read.own";

    /// <summary>Reading every franchisee's invoices (head office).</summary>
    public const string InvoicesReadAll = "invoices.read.all";

    /// <summary>Issuing invoices, recording payments against them and cancelling them (head office).</summary>
    public const string InvoicesManage = "invoices.manage";

    // The register of personal-data leaks (head office's admins by default).
    /// <summary>Reading the register of personal-data incidents and the reads in an incident's window.</summary>
    public const string PersonalDataIncidentsRead = "personal_data_incidents.read";

    /// <summary>Recording incidents and the notices sent about them.</summary>
    public const string PersonalDataIncidentsManage = "personal_data_incidents.manage";

    // Retention of personal data and its destruction (head office's admins by default).
    /// <summary>Reading the retention rules, the legal holds and the destruction runs with their acts.</summary>
    public const string RetentionRead = "retention.read";

    /// <summary>Changing the retention rules and placing or lifting legal holds.</summary>
    public const string RetentionManage = "retention.manage";

    // Checks of borrowers with ФНС, ФССП and the sanctions list.
    /// <summary>Reading the checks of one's organization's clients, and head office's policy on them.</summary>
    public const string BorrowerChecksReadOwn = "borrower_checks.read.own";

    /// <summary>Reading every organization's checks (head office).</summary>
    public const string BorrowerChecksReadAll = "borrower_checks.read.all";

    /// <summary>Running a check on a client one sees.</summary>
    public const string BorrowerChecksRun = "borrower_checks.run";

    /// <summary>Importing the sanctions list and setting the checks a lead needs before the auction (head
    /// office).</summary>
    public const string BorrowerChecksManage = "borrower_checks.manage";

    // Monthly sales targets (read by whoever reads the organization's deals).
    /// <summary>Setting the monthly targets of one's own organization's users; held by a role, used only by the
    /// organization's owner.</summary>
    public const string SalesTargetsManageOwn = "sales_targets.manage.own";

    /// <summary>Setting the monthly targets of any organization and of its users (head office).</summary>
    public const string SalesTargetsManageAll = "sales_targets.manage.all";

    // The banks' credit programmes (head office keeps them; whoever works leads reads them).
    /// <summary>Reading the credit programmes and the ones a readable lead matches.</summary>
    public const string CreditProgrammesRead = "credit_programmes.read";

    /// <summary>Adding, changing and archiving credit programmes (head office's admins).</summary>
    public const string CreditProgrammesManage = "credit_programmes.manage";

    // The templates of generated documents (head office's admins by default).
    /// <summary>Reading the document templates, their versions and fields, and previewing them.</summary>
    public const string DocumentTemplatesRead = "document_templates.read";

    /// <summary>Adding versions of the document templates, which new documents are then rendered with.</summary>
    public const string DocumentTemplatesManage = "document_templates.manage";

    // Requests of persons about their personal data (152-ФЗ art. 14, 20, 21).
    /// <summary>Reading the subject requests about one's organization's clients.</summary>
    public const string SubjectRequestsReadOwn = "subject_requests.read.own";

    /// <summary>Reading every organization's subject requests (head office).</summary>
    public const string SubjectRequestsReadAll = "subject_requests.read.all";

    /// <summary>Registering a request of a client one sees, and verifying it with the code the person was
    /// sent.</summary>
    public const string SubjectRequestsRegister = "subject_requests.register";

    /// <summary>Attesting paper requests, extending, answering, refusing and closing requests (head office).</summary>
    public const string SubjectRequestsManage = "subject_requests.manage";

    // Automation rules.
    /// <summary>Reading head office's automation rules and one's organization's own, and their runs.</summary>
    public const string AutomationRulesReadOwn = "automation_rules.read.own";

    /// <summary>Reading every organization's automation rules and runs (head office).</summary>
    public const string AutomationRulesReadAll = "automation_rules.read.all";

    /// <summary>
    /// Adding, changing and deleting automation rules: with <see cref="AutomationRulesReadAll"/> head office's, which
    /// run for every organization; otherwise one's organization's own.
    /// </summary>
    public const string AutomationRulesManage = "automation_rules.manage";

    public static IReadOnlyList<string> All { get; } =
    [
        ClientsReadOwn,
        ClientsReadAll,
        ClientsWrite,
        ClientsDelete,
        ClientsExport,
        ClientSourcesManage,
        LeadsReadOwn,
        LeadsReadAll,
        LeadsWrite,
        LeadsDelete,
        LeadsExport,
        LeadStatusesManage,
        DealsReadOwn,
        DealsReadAll,
        DealsWrite,
        DealsDelete,
        PipelinesManage,
        TasksReadOwn,
        TasksReadAll,
        TasksWrite,
        TasksDelete,
        NotificationsRead,
        AuditRead,
        RolesManage,
        ApiClientsManage,
        OrganizationsManage,
        UsersReadOwn,
        UsersReadAll,
        UsersManage,
        UsersManageOwn,
        OrganizationsReadOwn,
        OrganizationsEditOwn,
        AuctionRead,
        AuctionBid,
        AuctionManage,
        LedgerReadOwn,
        LedgerReadAll,
        LedgerManage,
        LeadReturnsCreate,
        LeadReturnsDecide,
        EventsRead,
        WebhooksManage,
        ReportsRead,
        ReportsManage,
        ReportsManageAll,
        DashboardsRead,
        DocumentsReadOwn,
        DocumentsReadAll,
        DocumentsUpload,
        DocumentsManage,
        CommissionsManage,
        CommissionsReadOwn,
        CommissionsReadAll,
        SettlementsReadOwn,
        SettlementsReadAll,
        SettlementsManage,
        SettlementsAccept,
        DocumentsGenerateOwn,
        DocumentsGenerateAll,
        KnowledgeRead,
        KnowledgeManage,
        TicketsReadOwn,
        TicketsReadAll,
        TicketsCreate,
        TicketsManage,
        HelpRead,
        HelpManage,
        CalendarFeedsManage,
        TrainingRead,
        TrainingManage,
        PointsRead,
        PointsManage,
        CustomFieldsReadOwn,
        CustomFieldsReadAll,
        CustomFieldsManage,
        IntegrationsManage,
        PersonalDataReadsRead,
        ConsentsReadOwn,
        ConsentsReadAll,
        ConsentsManage,
        CatalogueRead,
        CatalogueManage,
        InvoicesReadOwn,
        InvoicesReadAll,
        InvoicesManage,
        PersonalDataIncidentsRead,
        PersonalDataIncidentsManage,
        SalesTargetsManageOwn,
        SalesTargetsManageAll,
        CreditProgrammesRead,
        CreditProgrammesManage,
        DocumentTemplatesRead,
        DocumentTemplatesManage,
        SubjectRequestsReadOwn,
        SubjectRequestsReadAll,
        SubjectRequestsRegister,
        SubjectRequestsManage,
        AutomationRulesReadOwn,
        AutomationRulesReadAll,
        AutomationRulesManage,
        RetentionRead,
        RetentionManage,
        BorrowerChecksReadOwn,
        BorrowerChecksReadAll,
        BorrowerChecksRun,
        BorrowerChecksManage,
    ];
}
