using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Access;
using MakCrm.Testing;
using MakCrm.WebApi.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Auth;

/// <summary>
/// Every operation × every role, against records owned by Partner Alpha's organization. The expectations are the
/// default role matrix written out: allowed (2xx), denied by permission (403), or invisible because the record
/// belongs to another organization (404). Partner Beta and the franchisee are the "other organization" cases.
/// </summary>
public sealed class AccessMatrixTests(ApiServerFixture server) : AuthTest(server)
{
    // operation: list (whether Alpha's record is listed: 200+seen or 200+unseen), create, get, update, delete
    private static readonly Dictionary<(TestActor Actor, string Operation), int> Expected = new()
    {
        [(TestActor.Admin, "listClients")] = 200, [(TestActor.Admin, "createClient")] = 201, [(TestActor.Admin, "getClient")] = 200, [(TestActor.Admin, "updateClient")] = 200, [(TestActor.Admin, "deleteClient")] = 204,
        [(TestActor.Admin, "listLeads")] = 200, [(TestActor.Admin, "createLead")] = 201, [(TestActor.Admin, "getLead")] = 200, [(TestActor.Admin, "updateLead")] = 200, [(TestActor.Admin, "deleteLead")] = 204,

        [(TestActor.Employee, "listClients")] = 200, [(TestActor.Employee, "createClient")] = 201, [(TestActor.Employee, "getClient")] = 200, [(TestActor.Employee, "updateClient")] = 200, [(TestActor.Employee, "deleteClient")] = 403,
        [(TestActor.Employee, "listLeads")] = 200, [(TestActor.Employee, "createLead")] = 201, [(TestActor.Employee, "getLead")] = 200, [(TestActor.Employee, "updateLead")] = 200, [(TestActor.Employee, "deleteLead")] = 403,

        [(TestActor.PartnerAlpha, "listClients")] = 200, [(TestActor.PartnerAlpha, "createClient")] = 201, [(TestActor.PartnerAlpha, "getClient")] = 200, [(TestActor.PartnerAlpha, "updateClient")] = 200, [(TestActor.PartnerAlpha, "deleteClient")] = 403,
        [(TestActor.PartnerAlpha, "listLeads")] = 200, [(TestActor.PartnerAlpha, "createLead")] = 201, [(TestActor.PartnerAlpha, "getLead")] = 200, [(TestActor.PartnerAlpha, "updateLead")] = 200, [(TestActor.PartnerAlpha, "deleteLead")] = 403,

        [(TestActor.PartnerBeta, "listClients")] = -200, [(TestActor.PartnerBeta, "createClient")] = 201, [(TestActor.PartnerBeta, "getClient")] = 404, [(TestActor.PartnerBeta, "updateClient")] = 404, [(TestActor.PartnerBeta, "deleteClient")] = 403,
        [(TestActor.PartnerBeta, "listLeads")] = -200, [(TestActor.PartnerBeta, "createLead")] = 400, [(TestActor.PartnerBeta, "getLead")] = 404, [(TestActor.PartnerBeta, "updateLead")] = 404, [(TestActor.PartnerBeta, "deleteLead")] = 403,

        [(TestActor.Franchisee, "listClients")] = -200, [(TestActor.Franchisee, "createClient")] = 201, [(TestActor.Franchisee, "getClient")] = 404, [(TestActor.Franchisee, "updateClient")] = 404, [(TestActor.Franchisee, "deleteClient")] = 403,
        [(TestActor.Franchisee, "listLeads")] = -200, [(TestActor.Franchisee, "createLead")] = 400, [(TestActor.Franchisee, "getLead")] = 404, [(TestActor.Franchisee, "updateLead")] = 404, [(TestActor.Franchisee, "deleteLead")] = 404,

        [(TestActor.Guest, "listClients")] = 403, [(TestActor.Guest, "createClient")] = 403, [(TestActor.Guest, "getClient")] = 403, [(TestActor.Guest, "updateClient")] = 403, [(TestActor.Guest, "deleteClient")] = 403,
        [(TestActor.Guest, "listLeads")] = 403, [(TestActor.Guest, "createLead")] = 403, [(TestActor.Guest, "getLead")] = 403, [(TestActor.Guest, "updateLead")] = 403, [(TestActor.Guest, "deleteLead")] = 403,

        [(TestActor.Admin, "listAuditEvents")] = 200, [(TestActor.Employee, "listAuditEvents")] = 403, [(TestActor.PartnerAlpha, "listAuditEvents")] = 403,
        [(TestActor.PartnerBeta, "listAuditEvents")] = 403, [(TestActor.Franchisee, "listAuditEvents")] = 403, [(TestActor.Guest, "listAuditEvents")] = 403,

        // The log of reads of personal data: head office's admins only.
        [(TestActor.Admin, "listPersonalDataReads")] = 200, [(TestActor.Employee, "listPersonalDataReads")] = 403,
        [(TestActor.PartnerAlpha, "listPersonalDataReads")] = 403,
        [(TestActor.PartnerBeta, "listPersonalDataReads")] = 403,
        [(TestActor.Franchisee, "listPersonalDataReads")] = 403, [(TestActor.Guest, "listPersonalDataReads")] = 403,
    };

    // The administration operations: the admin may, nobody else.
    private static readonly string[] AdminOnly =
        ["listRoles", "setRolePermissions", "listApiClients", "registerApiClient", "disableApiClient", "enableApiClient", "rotateApiClientSecret"];

    // Head office decides registrations; anyone may register.
    private static readonly string[] HeadOfficeDecides =
        ["listOrganizations", "approveOrganization", "rejectOrganization", "checkOrganizationRegistration"];

    // Tasks: Alpha's task on Alpha's client. Partners, franchisees and the guest see their organization's tasks only.
    private static readonly string[] TaskOperations = ["listTasks", "createTask", "getTask", "updateTask", "completeTask", "deleteTask"];

    private static readonly string[] AuctionReads = ["listLots", "getLot", "getLotLiveState", "listLotBids"];

    private static int ExpectedForTask(TestActor actor, string operation) => (actor, operation) switch
    {
        (TestActor.Admin or TestActor.Employee or TestActor.PartnerAlpha, "listTasks") => 200,
        (TestActor.Admin or TestActor.Employee or TestActor.PartnerAlpha, "createTask") => 201,
        (TestActor.Admin or TestActor.Employee or TestActor.PartnerAlpha, "deleteTask") => 204,
        (TestActor.Admin or TestActor.Employee or TestActor.PartnerAlpha, _) => 200,
        (_, "listTasks") => -200,
        (TestActor.Guest, "getTask") => 404,
        (TestActor.Guest, _) => 403,
        (_, "createTask") => 400,
        _ => 404,
    };

    // Lead statuses: read by whoever reads leads, configured by the admin only. Comments and the timeline follow the
    // lead: readers of the lead read them, writers comment, another organization's lead is 404.
    private static readonly string[] LeadStatusAdministration = ["createLeadStatus", "updateLeadStatus", "deleteLeadStatus"];

    // Pipelines: read by whoever reads deals, configured by the admin only (pipelines.manage), on the seeded pipeline.
    private static readonly string[] PipelineAdministration =
        ["createPipeline", "updatePipeline", "deletePipeline", "addPipelineStage", "updatePipelineStage", "deletePipelineStage", "reorderPipelineStages"];

    // Deals: Alpha's deal on Alpha's client, with the same visibility as leads; deleting needs deals.delete
    // (admin and franchisee), and the franchisee does not see Alpha's deal.
    private static int ExpectedForDeal(TestActor actor, string operation) => (actor, operation) switch
    {
        (TestActor.Guest, _) => 403,
        (TestActor.Admin, "deleteDeal") => 204,
        (TestActor.Franchisee, "deleteDeal") => 404,
        (_, "deleteDeal") => 403,
        (TestActor.Admin or TestActor.Employee or TestActor.PartnerAlpha, "createDeal") => 201,
        (_, "createDeal") => 400,
        (TestActor.Admin or TestActor.Employee or TestActor.PartnerAlpha, _) => 200,
        (_, "listDeals") => -200,
        _ => 404,
    };

    private static readonly string[] LedgerReads = ["listBalances", "getBalance", "listLedgerEntries", "getLedgerEntry", "listLeadReturns", "getLeadReturn"];

    private static readonly string[] SavedReportOperations = ["getSavedReport", "updateSavedReport", "deleteSavedReport", "runSavedReport"];

    private static readonly string[] WebhookOperations =
        ["getWebhook", "updateWebhook", "deleteWebhook", "rotateWebhookSecret", "listWebhookDeliveries", "redeliverWebhook", "recoverWebhookDeliveries", "pingWebhook"];

    private static readonly string[] DealOperations =
        ["listDeals", "createDeal", "getDeal", "updateDeal", "deleteDeal", "moveDeal", "getDealStageHistory", "recordLoanIssue", "cancelLoanIssue"];

    static AccessMatrixTests()
    {
        foreach (var actor in Enum.GetValues<TestActor>())
        {
            foreach (var operation in TaskOperations)
            {
                Expected[(actor, operation)] = ExpectedForTask(actor, operation);
            }

            // Every user has an inbox of their own; Alpha's notification does not exist for anybody else.
            Expected[(actor, "listNotifications")] = 200;

            // The event feed: every role but the guest reads it (each sees only the events of what it may read).
            Expected[(actor, "listEvents")] = actor == TestActor.Guest ? 403 : 200;
            Expected[(actor, "openStream")] = actor == TestActor.Guest ? 403 : 200;
            Expected[(actor, "createStreamTicket")] = actor == TestActor.Guest ? 403 : 200;

            // Webhooks: whoever holds webhooks.manage (admin, partners, franchisee) keeps their own organization's
            // subscriptions; Alpha's subscription does not exist for another organization, head office included.
            var managesWebhooks = actor is not (TestActor.Employee or TestActor.Guest);
            Expected[(actor, "listWebhooks")] = managesWebhooks ? 200 : 403;
            Expected[(actor, "createWebhook")] = managesWebhooks ? 201 : 403;
            foreach (var operation in WebhookOperations)
            {
                Expected[(actor, operation)] = !managesWebhooks ? 403 : actor != TestActor.PartnerAlpha ? 404 : operation == "deleteWebhook" ? 204 : 200;
            }

            // Reports: every role but the guest runs queries (on what it may read) and saves reports; Alpha's saved
            // report, shared with nobody, is its own, and head office's admin (reports.manage.all) reads and changes it.
            var readsReports = actor != TestActor.Guest;
            Expected[(actor, "listReportFields")] = readsReports ? 200 : 403;
            Expected[(actor, "runReportQuery")] = readsReports ? 200 : 403;
            Expected[(actor, "listSavedReports")] = readsReports ? 200 : 403;
            Expected[(actor, "createSavedReport")] = readsReports ? 201 : 403;
            foreach (var operation in SavedReportOperations)
            {
                Expected[(actor, operation)] = !readsReports ? 403 : actor is not (TestActor.PartnerAlpha or TestActor.Admin) ? 404 : operation == "deleteSavedReport" ? 204 : 200;
            }

            // Dashboards: head office's opens for head office only (admin, employee); a partner, the franchisee and the
            // guest (no dashboards.read) are refused.
            Expected[(actor, "getDashboard")] = actor is TestActor.Admin or TestActor.Employee ? 200 : 403;
            Expected[(actor, "exportDashboardPdf")] = Expected[(actor, "getDashboard")];
            // Exporting a report of leads needs leads.export and step-up besides reading reports: the admin has both, the
            // employee the permission without 2FA (401), partners and franchisees neither (403). A saved report the caller
            // cannot read is 404 before that: Alpha reads its own but may not export leads.
            Expected[(actor, "exportReportQuery")] = actor switch { TestActor.Admin => 200, TestActor.Employee => 401, _ => 403 };
            Expected[(actor, "exportSavedReport")] = actor switch
            {
                TestActor.Admin => 200,
                TestActor.Guest or TestActor.PartnerAlpha => 403,
                _ => 404,
            };

            Expected[(actor, "countUnreadNotifications")] = 200;
            Expected[(actor, "markAllNotificationsRead")] = 204;
            Expected[(actor, "markNotificationRead")] = actor == TestActor.PartnerAlpha ? 200 : 404;

            // Every user reads and replaces its own notification preferences.
            Expected[(actor, "getMyNotificationPreferences")] = 200;
            Expected[(actor, "replaceMyNotificationPreferences")] = 200;

            // Whom Alpha's leads may be given to: whoever writes leads and sees Alpha (its own users, head office);
            // another organization's user and the guest (no leads.write) are refused.
            Expected[(actor, "listAssignees")] = actor is TestActor.Admin or TestActor.Employee or TestActor.PartnerAlpha ? 200 : 403;

            // Every user manages their own two-factor authentication. Only the admin has it on (and sends a wrong code).
            var hasTwoFactor = actor == TestActor.Admin;
            Expected[(actor, "enrolTwoFactor")] = hasTwoFactor ? 409 : 200;
            Expected[(actor, "confirmTwoFactor")] = hasTwoFactor ? 409 : 400;
            Expected[(actor, "disableTwoFactor")] = hasTwoFactor ? 400 : 409;
            Expected[(actor, "regenerateRecoveryCodes")] = hasTwoFactor ? 400 : 409;

            var readsLeads = actor != TestActor.Guest;
            var seesAlphasLead = actor is TestActor.Admin or TestActor.Employee or TestActor.PartnerAlpha;
            Expected[(actor, "listLeadStatuses")] = readsLeads ? 200 : 403;
            Expected[(actor, "listLeadComments")] = !readsLeads ? 403 : seesAlphasLead ? 200 : 404;
            Expected[(actor, "getLeadTimeline")] = !readsLeads ? 403 : seesAlphasLead ? 200 : 404;
            // A client's timeline is read as the client is: the same answer as getClient.
            Expected[(actor, "getClientTimeline")] = Expected[(actor, "getClient")];
            Expected[(actor, "addLeadComment")] = !readsLeads ? 403 : seesAlphasLead ? 201 : 404;
            foreach (var operation in LeadStatusAdministration)
            {
                Expected[(actor, operation)] = actor != TestActor.Admin ? 403 : operation == "createLeadStatus" ? 201 : operation == "deleteLeadStatus" ? 204 : 200;
            }

            foreach (var operation in DealOperations)
            {
                Expected[(actor, operation)] = ExpectedForDeal(actor, operation);
            }

            Expected[(actor, "listPipelines")] = actor == TestActor.Guest ? 403 : 200;

            // The forecast: whoever reads deals, over the deals it may read (Alpha's deal counts for those who see it).
            Expected[(actor, "getForecast")] = actor == TestActor.Guest ? 403 : actor is TestActor.Admin or TestActor.Employee or TestActor.PartnerAlpha ? 200 : -200;
            Expected[(actor, "getPipeline")] = actor == TestActor.Guest ? 403 : 200;
            foreach (var operation in PipelineAdministration)
            {
                Expected[(actor, operation)] = actor != TestActor.Admin ? 403 : operation switch
                {
                    "createPipeline" or "addPipelineStage" => 201,
                    "deletePipeline" or "deletePipelineStage" => 204,
                    _ => 200,
                };
            }

            // Submitting a lead with contact data needs leads.write, like creating one.
            Expected[(actor, "submitLead")] = actor == TestActor.Guest ? 403 : 201;
            Expected[(actor, "submitLeadBatch")] = actor == TestActor.Guest ? 403 : 207;
            // Checking for a duplicate needs leads.write too: whoever may create a lead may check first (every organization: 200).
            Expected[(actor, "checkDuplicates")] = actor == TestActor.Guest ? 403 : 200;
            Expected[(actor, "registerOrganization")] = 201;
            // Segmentation reads like the client list; client sources are listed by every reader of clients, managed by the admin.
            Expected[(actor, "getClientSegments")] = actor == TestActor.Guest ? 403 : 200;
            Expected[(actor, "listClientSources")] = actor == TestActor.Guest ? 403 : 200;
            Expected[(actor, "createClientSource")] = actor == TestActor.Admin ? 201 : 403;
            Expected[(actor, "updateClientSource")] = actor == TestActor.Admin ? 200 : 403;
            // The bank list: read by whoever reads deals (to record loans), managed by head office's commissions.manage (the admin).
            Expected[(actor, "listBanks")] = actor == TestActor.Guest ? 403 : 200;
            Expected[(actor, "createBank")] = actor == TestActor.Admin ? 201 : 403;
            Expected[(actor, "updateBank")] = actor == TestActor.Admin ? 200 : 403;
            // Commission rules, the calculator and the commission ledger: read with commissions.read.own (partners, franchisees) or
            // .all (head office), rules added by commissions.manage (the admin). The quote names a bank without a base rule: 409
            // for everyone allowed to ask.
            Expected[(actor, "listCommissionRules")] = actor == TestActor.Guest ? 403 : 200;
            Expected[(actor, "createCommissionRule")] = actor == TestActor.Admin ? 201 : 403;
            Expected[(actor, "quoteCommission")] = actor == TestActor.Guest ? 403 : 409;
            Expected[(actor, "listCommissionEntries")] = actor == TestActor.Guest ? 403 : 200;
            Expected[(actor, "listCommissionBalances")] = actor == TestActor.Guest ? 403 : 200;
            // One entry (a bonus head office gave Alpha) reads like the list: another partner or the franchisee gets 404.
            // Bonuses are given and reversed by commissions.manage (the admin).
            Expected[(actor, "getCommissionEntry")] = actor switch
            {
                TestActor.Guest => 403,
                TestActor.PartnerBeta or TestActor.Franchisee => 404,
                _ => 200,
            };
            Expected[(actor, "recordCommissionBonus")] = actor == TestActor.Admin ? 201 : 403;
            Expected[(actor, "reverseCommissionBonus")] = actor == TestActor.Admin ? 200 : 403;

            // The fee a bank paid is recorded by head office's commissions.manage (the admin) on Alpha's issued loan.
            Expected[(actor, "recordLoanFee")] = actor == TestActor.Admin ? 200 : 403;
            // Settlement acts: read with settlements.read.own (partners) or .all (head office); drafted, issued, discarded and
            // paid by settlements.manage (the admin); signed by settlements.accept (partners; the admin holds every permission).
            // The act named is unknown (404 to whoever may act); the draft for Alpha has nothing to pay (409); the
            // reconciliation statement is Alpha's (another partner: 404).
            var readsSettlements = actor is TestActor.Admin or TestActor.Employee or TestActor.PartnerAlpha or TestActor.PartnerBeta;
            var signsSettlements = actor is TestActor.Admin or TestActor.PartnerAlpha or TestActor.PartnerBeta;
            Expected[(actor, "listSettlementActs")] = readsSettlements ? 200 : 403;
            Expected[(actor, "exportSettlementActs")] = readsSettlements ? 200 : 403;
            // Payment orders need settlements.manage and step-up: the admin has both.
            Expected[(actor, "exportSettlementPaymentOrders")] = actor == TestActor.Admin ? 200 : 403;
            Expected[(actor, "exportSettlementEnterpriseData")] = readsSettlements ? 200 : 403;
            Expected[(actor, "getSettlementAct")] = readsSettlements ? 404 : 403;
            Expected[(actor, "draftSettlementAct")] = actor == TestActor.Admin ? 409 : 403;
            foreach (var operation in new[] { "issueSettlementAct", "discardSettlementAct", "recordSettlementPayout" })
            {
                Expected[(actor, operation)] = actor == TestActor.Admin ? 404 : 403;
            }

            Expected[(actor, "requestSettlementAcceptanceCode")] = signsSettlements ? 404 : 403;
            Expected[(actor, "acceptSettlementAct")] = signsSettlements ? 404 : 403;
            Expected[(actor, "createReconciliationStatement")] = actor switch
            {
                TestActor.Admin or TestActor.Employee or TestActor.PartnerAlpha => 201,
                TestActor.PartnerBeta => 404,
                _ => 403,
            };
            // Exports need the permission and step-up: the admin has both, the employee the permission without 2FA (401).
            foreach (var operation in new[] { "exportClients", "exportLeads" })
            {
                Expected[(actor, operation)] = actor switch { TestActor.Admin => 200, TestActor.Employee => 401, _ => 403 };
            }

            // Imports: writers of clients upload; an import is seen only in the uploader's organization (Alpha's here).
            Expected[(actor, "startImport")] = actor == TestActor.Guest ? 403 : 202;
            Expected[(actor, "listImports")] = actor == TestActor.Guest ? 403 : 200;
            Expected[(actor, "getImport")] = actor switch { TestActor.Guest => 403, TestActor.PartnerAlpha => 200, _ => 404 };
            Expected[(actor, "getImportRejectedRows")] = Expected[(actor, "getImport")];

            // The auction: head office and franchisees read lots, head office puts leads up, franchisees bid
            // (head office holds auction.bid through the admin's every-permission role, but only franchisees bid: 409).
            foreach (var operation in AuctionReads)
            {
                Expected[(actor, operation)] = actor is TestActor.Admin or TestActor.Employee or TestActor.Franchisee ? 200 : 403;
            }

            Expected[(actor, "createLot")] = actor is TestActor.Admin or TestActor.Employee ? 201 : 403;
            Expected[(actor, "handOverLead")] = actor is TestActor.Admin or TestActor.Employee ? 200 : 403;
            Expected[(actor, "placeBid")] = actor switch { TestActor.Franchisee => 201, TestActor.Admin => 409, _ => 403 };

            foreach (var operation in HeadOfficeDecides)
            {
                Expected[(actor, operation)] = actor is TestActor.Admin or TestActor.Employee ? 200 : 403;
            }

            // Ledger and returns: head office reads every franchisee's ledger, records deposits and adjustments, sets
            // grades and decides returns; a franchisee reads its own ledger and returns the leads it bought. The admin
            // holds lead_returns.create too, but head office bought nothing: the franchisee's lead is not its own (404).
            var headOffice = actor is TestActor.Admin or TestActor.Employee;
            var readsLedger = headOffice || actor == TestActor.Franchisee;
            Expected[(actor, "setOrganizationGrade")] = headOffice ? 200 : 403;
            foreach (var operation in LedgerReads)
            {
                Expected[(actor, operation)] = readsLedger ? 200 : 403;
            }
            Expected[(actor, "recordDeposit")] = headOffice ? 201 : 403;
            Expected[(actor, "recordAdjustment")] = headOffice ? 201 : 403;
            Expected[(actor, "requestLeadReturn")] = actor switch { TestActor.Franchisee => 201, TestActor.Admin => 404, _ => 403 };
            Expected[(actor, "acceptLeadReturn")] = headOffice ? 200 : 403;
            Expected[(actor, "rejectLeadReturn")] = headOffice ? 200 : 403;

            // Invitations: head office (users.manage) and an organization's owner (users.manage.own) manage them; the
            // owner only its own organization's (Alpha's invitation is 404 to the others). Accepting and the password
            // resets are anonymous (a made-up token: 400 for anybody); any user may change its password (a wrong one: 400).
            var managesUsers = actor is TestActor.Admin or TestActor.PartnerAlpha or TestActor.PartnerBeta or TestActor.Franchisee;
            Expected[(actor, "listInvitations")] = managesUsers ? 200 : 403;
            Expected[(actor, "createInvitation")] = managesUsers ? 201 : 403;
            Expected[(actor, "resendInvitation")] = actor switch { TestActor.Admin or TestActor.PartnerAlpha => 200, TestActor.PartnerBeta or TestActor.Franchisee => 404, _ => 403 };
            Expected[(actor, "revokeInvitation")] = Expected[(actor, "resendInvitation")];
            Expected[(actor, "acceptInvitation")] = 400;
            Expected[(actor, "requestPasswordReset")] = 202;
            Expected[(actor, "completePasswordReset")] = 400;
            Expected[(actor, "changePassword")] = 400;

            // Users and sessions: every user reads and edits itself and its sessions (another user's session is 404);
            // users are read by everyone but the guest (Alpha's colleague is invisible to other organizations); head office
            // (users.manage) and Alpha's owner manage Alpha's colleague, other owners may not (403), and resetting a
            // second factor needs step-up, which only the admin's token has.
            Expected[(actor, "getMe")] = 200;
            Expected[(actor, "updateMe")] = 200;
            Expected[(actor, "listMySessions")] = 200;
            Expected[(actor, "revokeMySession")] = 404;
            Expected[(actor, "revokeMyOtherSessions")] = 200;
            Expected[(actor, "listUsers")] = actor == TestActor.Guest ? 403 : 200;
            Expected[(actor, "getUser")] = actor switch { TestActor.Guest => 403, TestActor.PartnerBeta or TestActor.Franchisee => 404, _ => 200 };
            var managesAlpha = actor is TestActor.Admin or TestActor.PartnerAlpha;
            foreach (var operation in new[] { "changeUserRole", "deactivateUser", "reactivateUser" })
            {
                Expected[(actor, operation)] = managesAlpha ? 200 : 403;
            }

            Expected[(actor, "resetUserTwoFactor")] = actor == TestActor.Admin ? 200 : managesUsers ? 401 : 403;

            // Organizations: a member reads its own (Alpha's here), head office any; the owner (Partner Alpha) or head office
            // edits the profile and claims hosts; another organization's member does not see Alpha (404), the guest may
            // read (its own organization only) but not edit (403). Blocking, the trash and purging are head office's.
            var seesAlpha = headOffice || actor == TestActor.PartnerAlpha;
            Expected[(actor, "getOrganization")] = seesAlpha ? 200 : 404;
            Expected[(actor, "listOrganizationHosts")] = seesAlpha ? 200 : 404;
            // The referral program and grades: a member reads its own organization's code, referrals, grade history and
            // progress (Alpha's here), head office any; head office corrects referrers (commissions.manage: the admin) and
            // manages the grade table (organizations.manage), which every member reads.
            foreach (var operation in new[] { "getReferralProgram", "listReferrals", "listGradeHistory", "getGradeProgress" })
            {
                Expected[(actor, operation)] = seesAlpha ? 200 : 404;
            }

            Expected[(actor, "setOrganizationReferrer")] = actor == TestActor.Admin ? 200 : 403;
            Expected[(actor, "listGrades")] = 200;
            Expected[(actor, "createGrade")] = headOffice ? 201 : 403;
            Expected[(actor, "updateGrade")] = headOffice ? 200 : 403;
            // Points: everyone but the guest reads its own points and its role's leaderboard; head office's admin
            // (points.manage) configures the rules and reads anyone's points.
            foreach (var operation in new[] { "getMyPoints", "listMyPointsEntries", "getPointsLeaderboard" })
            {
                Expected[(actor, operation)] = actor == TestActor.Guest ? 403 : 200;
            }

            foreach (var operation in new[] { "getPointRules", "replacePointRules", "getUserPoints", "listUserPointsEntries" })
            {
                Expected[(actor, operation)] = actor == TestActor.Admin ? 200 : 403;
            }

            Expected[(actor, "updateOrganizationProfile")] = seesAlpha ? 200 : actor == TestActor.Guest ? 403 : 404;
            Expected[(actor, "claimOrganizationHost")] = seesAlpha ? 201 : actor == TestActor.Guest ? 403 : 404;
            Expected[(actor, "releaseOrganizationHost")] = seesAlpha ? 204 : actor == TestActor.Guest ? 403 : 404;
            Expected[(actor, "getBranding")] = 200;
            Expected[(actor, "listOrganizationTrash")] = headOffice ? 200 : 403;
            Expected[(actor, "blockOrganization")] = headOffice ? 200 : 403;
            Expected[(actor, "unblockOrganization")] = headOffice ? 200 : 403;
            Expected[(actor, "deleteOrganization")] = headOffice ? 204 : 403;
            Expected[(actor, "restoreOrganization")] = headOffice ? 200 : 403;
            Expected[(actor, "purgeOrganization")] = headOffice ? 204 : 403;

            // Documents: every role but the guest reads its organization's documents (head office every one) and
            // uploads; Alpha's uploaded document is 404 to other organizations. Deleting needs documents.manage, which
            // the employee lacks.
            var readsDocuments = actor != TestActor.Guest;
            var seesAlphasDocument = actor is TestActor.Admin or TestActor.Employee or TestActor.PartnerAlpha;
            Expected[(actor, "listDocuments")] = !readsDocuments ? 403 : seesAlphasDocument ? 200 : -200;
            Expected[(actor, "uploadDocument")] = readsDocuments ? 201 : 403;
            Expected[(actor, "getDocument")] = !readsDocuments ? 403 : seesAlphasDocument ? 200 : 404;
            Expected[(actor, "downloadDocument")] = Expected[(actor, "getDocument")];
            // Alpha's document is an upload, so one who sees it is told it has no other format.
            Expected[(actor, "downloadDocumentRendition")] = !readsDocuments ? 403 : seesAlphasDocument ? 409 : 404;
            Expected[(actor, "deleteDocument")] = actor is TestActor.Guest or TestActor.Employee ? 403 : seesAlphasDocument ? 204 : 404;

            // Telegram: every user asks for its own link codes and sees and removes its own links (a made-up one: 404);
            // head office (users.manage) sees and removes a user's; Alpha's owner or head office links groups to Alpha,
            // as for Alpha's profile. The bot's operations need telegram.bot, which no user's role has.
            Expected[(actor, "createMyTelegramLinkCode")] = 201;
            Expected[(actor, "listMyTelegramLinks")] = 200;
            Expected[(actor, "removeMyTelegramLink")] = 404;
            var managesAllUsers = Roles.DefaultMatrix[actor.Role()].Contains(Permissions.UsersManage);
            Expected[(actor, "listUserTelegramLinks")] = managesAllUsers ? 200 : 403;
            Expected[(actor, "removeUserTelegramLink")] = managesAllUsers ? 404 : 403;
            Expected[(actor, "createTelegramGroupCode")] = seesAlpha ? 201 : actor == TestActor.Guest ? 403 : 404;
            Expected[(actor, "listOrganizationTelegramGroups")] = seesAlpha ? 200 : actor == TestActor.Guest ? 403 : 404;
            Expected[(actor, "removeOrganizationTelegramGroup")] = actor == TestActor.Guest ? 403 : 404;
            // WhatsApp links the same way (made with the same codes); the bot's side needs telegram.bot too.
            Expected[(actor, "listMyWhatsAppLinks")] = 200;
            Expected[(actor, "removeMyWhatsAppLink")] = 404;
            Expected[(actor, "listUserWhatsAppLinks")] = managesAllUsers ? 200 : 403;
            Expected[(actor, "removeUserWhatsAppLink")] = managesAllUsers ? 404 : 403;
            foreach (var operation in new[]
                     {
                         "redeemTelegramLinkCode", "getTelegramLink", "removeTelegramLink", "redeemTelegramGroupCode", "listTelegramGroupLinks",
                         "redeemWhatsAppLinkCode", "getWhatsAppLink", "removeTelegramGroupLink",
                     })
            {
                Expected[(actor, operation)] = 403;
            }
            // Generated documents: the franchisee asks for its own top-up invoice, head office (admin, employee) for any
            // franchisee's and makes the franchise contract; partners and the guest generate nothing.
            var generatesForAny = actor is TestActor.Admin or TestActor.Employee;
            Expected[(actor, "createTopUpInvoice")] = generatesForAny ? 201 : actor == TestActor.Franchisee ? 201 : 403;
            Expected[(actor, "createFranchiseContract")] = generatesForAny ? 201 : 403;
            // A contract with Alpha's client: head office generates for any organization's client, the franchisee only
            // for its own (Alpha's is not visible to it), partners and the guest generate nothing.
            Expected[(actor, "createClientContract")] =
                generatesForAny ? 201 : actor == TestActor.Franchisee ? 404 : 403;
            // Knowledge base: every role reads (knowledge.read); head office writes and reads versions (knowledge.manage).
            // The article and FAQ entry are published for admin, employee and partner only: the franchisee and the
            // guest get 404.
            var authors = actor is TestActor.Admin or TestActor.Employee;
            var seesKnowledge = actor is not (TestActor.Franchisee or TestActor.Guest);
            Expected[(actor, "listKnowledgeSections")] = 200;
            Expected[(actor, "createKnowledgeSection")] = authors ? 201 : 403;
            Expected[(actor, "updateKnowledgeSection")] = authors ? 200 : 403;
            Expected[(actor, "deleteKnowledgeSection")] = authors ? 204 : 403;
            Expected[(actor, "listArticles")] = 200;
            Expected[(actor, "createArticle")] = authors ? 201 : 403;
            Expected[(actor, "getArticle")] = seesKnowledge ? 200 : 404;
            Expected[(actor, "downloadArticleAttachment")] = seesKnowledge ? 200 : 404;
            Expected[(actor, "updateArticle")] = authors ? 200 : 403;
            Expected[(actor, "listArticleVersions")] = authors ? 200 : 403;
            Expected[(actor, "getArticleVersion")] = authors ? 200 : 403;
            Expected[(actor, "listFaqEntries")] = 200;
            Expected[(actor, "createFaqEntry")] = authors ? 201 : 403;
            Expected[(actor, "getFaqEntry")] = seesKnowledge ? 200 : 404;
            Expected[(actor, "updateFaqEntry")] = authors ? 200 : 403;
            Expected[(actor, "deleteFaqEntry")] = authors ? 204 : 403;
            Expected[(actor, "searchKnowledge")] = 200;
            // Training: every role learns (training.read); head office authors (training.manage). The course is
            // published for admin, employee and partner only: the franchisee and the guest get 404.
            var trainers = actor is TestActor.Admin or TestActor.Employee;
            var seesCourse = actor is not (TestActor.Franchisee or TestActor.Guest);
            Expected[(actor, "listCourses")] = 200;
            Expected[(actor, "createCourse")] = trainers ? 201 : 403;
            Expected[(actor, "getCourse")] = seesCourse ? 200 : 404;
            Expected[(actor, "updateCourse")] = trainers ? 200 : 403;
            Expected[(actor, "createCourseLesson")] = trainers ? 201 : 403;
            Expected[(actor, "updateCourseLesson")] = trainers ? 200 : 403;
            Expected[(actor, "completeCourseLesson")] = seesCourse ? 200 : 404;
            Expected[(actor, "createCourseAssignment")] = trainers ? 201 : 403;
            Expected[(actor, "updateCourseAssignment")] = trainers ? 200 : 403;
            // Homework: a learner submits for a course it sees and reads its own submissions; head office reads and
            // decides every one. Alpha's submission is 404 to other learners.
            Expected[(actor, "submitHomework")] = seesCourse ? 201 : 404;
            Expected[(actor, "listHomeworkSubmissions")] = 200;
            Expected[(actor, "getHomeworkSubmission")] = trainers || actor == TestActor.PartnerAlpha ? 200 : 404;
            Expected[(actor, "decideHomeworkSubmission")] = trainers ? 200 : 403;
            // Training events: the event is for admin, employee and partner; head office organises (training.manage).
            Expected[(actor, "listTrainingEvents")] = 200;
            Expected[(actor, "createTrainingEvent")] = trainers ? 201 : 403;
            Expected[(actor, "getTrainingEvent")] = seesCourse ? 200 : 404;
            Expected[(actor, "updateTrainingEvent")] = trainers ? 200 : 403;
            Expected[(actor, "cancelTrainingEvent")] = trainers ? 204 : 403;
            Expected[(actor, "registerForTrainingEvent")] = seesCourse ? 200 : 404;
            Expected[(actor, "cancelTrainingEventRegistration")] = seesCourse ? 204 : 404;
            Expected[(actor, "listTrainingEventRegistrations")] = trainers ? 200 : 403;
            Expected[(actor, "markTrainingEventAttendance")] = trainers ? 200 : 403;
            Expected[(actor, "checkInToTrainingEvent")] = seesCourse ? 200 : 404;
            // Tickets: every role opens tickets and reads its organization's (head office every one); Alpha's ticket
            // is 404 to other organizations. Only support (tickets.manage: admin, employee) changes a ticket.
            var seesAlphasTicket = actor is TestActor.Admin or TestActor.Employee or TestActor.PartnerAlpha;
            var support = actor is TestActor.Admin or TestActor.Employee;
            Expected[(actor, "listTickets")] = seesAlphasTicket ? 200 : -200;
            Expected[(actor, "createTicket")] = 201;
            Expected[(actor, "getTicket")] = seesAlphasTicket ? 200 : 404;
            Expected[(actor, "updateTicket")] = support ? 200 : 403;
            Expected[(actor, "listTicketMessages")] = seesAlphasTicket ? 200 : 404;
            Expected[(actor, "createTicketMessage")] = seesAlphasTicket ? 201 : 404;

            // Help chat links: everyone reads those for its kind; only the admin (help.manage) configures them.
            Expected[(actor, "listHelpChatLinks")] = 200;
            Expected[(actor, "createHelpChatLink")] = actor == TestActor.Admin ? 201 : 403;
            Expected[(actor, "updateHelpChatLink")] = actor == TestActor.Admin ? 200 : 403;
            Expected[(actor, "deleteHelpChatLink")] = actor == TestActor.Admin ? 204 : 403;

            // Custom field definitions: every role reads the fields shown to it (the one here is shown to partners),
            // head office's employee reads all; only the admin (custom_fields.manage) manages them.
            Expected[(actor, "listCustomFieldDefinitions")] = 200;
            Expected[(actor, "getCustomFieldDefinition")] =
                actor is TestActor.Franchisee or TestActor.Guest ? 404 : 200;
            Expected[(actor, "createCustomFieldDefinition")] = actor == TestActor.Admin ? 201 : 403;
            Expected[(actor, "updateCustomFieldDefinition")] = actor == TestActor.Admin ? 200 : 403;
            Expected[(actor, "deleteCustomFieldDefinition")] = actor == TestActor.Admin ? 204 : 403;

            // Consents: head office reads and records every client's (consents.read.all, consents.manage); partners and
            // franchisees their own organization's clients' (Alpha's client is 404 to Beta and the franchisee, and a
            // consent recorded for it is 400: no such client); guests none.
            var seesAlphasConsent = actor is TestActor.Admin or TestActor.Employee or TestActor.PartnerAlpha;
            Expected[(actor, "listConsents")] = actor == TestActor.Guest ? 403 : seesAlphasConsent ? 200 : -200;
            Expected[(actor, "createConsent")] = actor == TestActor.Guest ? 403 : seesAlphasConsent ? 201 : 400;
            Expected[(actor, "getConsent")] = actor == TestActor.Guest ? 403 : seesAlphasConsent ? 200 : 404;
            Expected[(actor, "withdrawConsent")] = actor == TestActor.Guest ? 403 : seesAlphasConsent ? 200 : 404;
            Expected[(actor, "checkConsent")] = actor == TestActor.Guest ? 403 : seesAlphasConsent ? 200 : 404;
            // The services catalogue: head office and franchisees read it (catalogue.read); only the admin
            // (catalogue.manage) keeps it. Invoices: head office reads all, a franchisee its own (an unknown one is
            // 404); only the admin (invoices.manage) issues them, changes their due dates, records payments and cancels
            // them.
            var readsInvoices = actor is TestActor.Admin or TestActor.Employee or TestActor.Franchisee;
            Expected[(actor, "listCatalogueItems")] = readsInvoices ? 200 : 403;
            Expected[(actor, "getCatalogueItem")] = readsInvoices ? 200 : 403;
            Expected[(actor, "createCatalogueItem")] = actor == TestActor.Admin ? 201 : 403;
            Expected[(actor, "updateCatalogueItem")] = actor == TestActor.Admin ? 200 : 403;
            Expected[(actor, "deleteCatalogueItem")] = actor == TestActor.Admin ? 204 : 403;
            Expected[(actor, "listInvoices")] = readsInvoices ? 200 : 403;
            Expected[(actor, "getInvoice")] = readsInvoices ? 404 : 403;
            Expected[(actor, "createInvoice")] = actor == TestActor.Admin ? 201 : 403;
            Expected[(actor, "recordInvoicePayment")] = actor == TestActor.Admin ? 404 : 403;
            Expected[(actor, "cancelInvoice")] = actor == TestActor.Admin ? 404 : 403;
            Expected[(actor, "updateInvoice")] = actor == TestActor.Admin ? 404 : 403;

            // Calendar feeds: every user keeps its own; the feed itself is read with its token and no Authorization.
            Expected[(actor, "getMyCalendarFeed")] = 200;
            Expected[(actor, "issueCalendarFeed")] = 201;
            Expected[(actor, "revokeCalendarFeed")] = 204;
            Expected[(actor, "readCalendarFeed")] = 200;

            // amoCRM: only head office's admin (integrations.manage). Nothing is connected, and the admin's connect and
            // OAuth are refused for their bodies (400) once the permission and the step-up passed.
            var integrations = actor == TestActor.Admin;
            Expected[(actor, "getAmoCrmConnection")] = integrations ? 404 : 403;
            Expected[(actor, "connectAmoCrm")] = integrations ? 400 : 403;
            Expected[(actor, "disconnectAmoCrm")] = integrations ? 404 : 403;
            Expected[(actor, "startAmoCrmOAuth")] = integrations ? 400 : 403;
            Expected[(actor, "completeAmoCrmOAuth")] = integrations ? 400 : 403;
            Expected[(actor, "getAmoCrmMapping")] = integrations ? 404 : 403;
            Expected[(actor, "replaceAmoCrmMapping")] = integrations ? 404 : 403;
            Expected[(actor, "previewAmoCrmImport")] = integrations ? 404 : 403;
            Expected[(actor, "startAmoCrmImport")] = integrations ? 404 : 403;
            Expected[(actor, "getAmoCrmImport")] = integrations ? 404 : 403;
            Expected[(actor, "listAmoCrmDeadLetters")] = integrations ? 404 : 403;
            Expected[(actor, "retryAmoCrmDeadLetter")] = integrations ? 404 : 403;
            // The live sync: nothing is connected (404 to the admin); the admin's start is refused for its body (400).
            // amoCRM's webhook is anonymous: an unknown secret is 404 to anybody.
            Expected[(actor, "receiveAmoCrmWebhook")] = 404;
            Expected[(actor, "startAmoCrmSync")] = integrations ? 400 : 403;
            Expected[(actor, "getAmoCrmSync")] = integrations ? 404 : 403;
            Expected[(actor, "pauseAmoCrmSync")] = integrations ? 404 : 403;
            Expected[(actor, "resumeAmoCrmSync")] = integrations ? 404 : 403;
            Expected[(actor, "listAmoCrmConflicts")] = integrations ? 200 : 403;
            Expected[(actor, "replayAmoCrmSync")] = integrations ? 404 : 403;
            Expected[(actor, "replaceAmoCrmSyncDirections")] = integrations ? 404 : 403;
            Expected[(actor, "listAmoCrmSyncFailures")] = integrations ? 200 : 403;
            Expected[(actor, "retryAmoCrmSyncFailure")] = integrations ? 404 : 403;
        }

        // Credit programmes: whoever works leads reads them (and a lead's matches, for the leads they may read); head
        // office's admins keep them (an unknown programme is 404 to them).
        foreach (var actor in Enum.GetValues<TestActor>())
        {
            var reads = actor != TestActor.Guest;
            var keeps = actor == TestActor.Admin;
            var seesAlphasLead = actor is TestActor.Admin or TestActor.Employee or TestActor.PartnerAlpha;
            Expected[(actor, "listCreditProgrammes")] = reads ? 200 : 403;
            Expected[(actor, "getCreditProgramme")] = reads ? 404 : 403;
            Expected[(actor, "createCreditProgramme")] = keeps ? 201 : 403;
            Expected[(actor, "updateCreditProgramme")] = keeps ? 404 : 403;
            Expected[(actor, "matchLeadCreditProgrammes")] = !reads ? 403 : seesAlphasLead ? 200 : 404;
        }

        // The register of personal-data incidents: head office's admins only (an unknown incident is 404 to them).
        foreach (var actor in Enum.GetValues<TestActor>())
        {
            var officer = actor == TestActor.Admin;
            Expected[(actor, "listPersonalDataIncidents")] = officer ? 200 : 403;
            Expected[(actor, "createPersonalDataIncident")] = officer ? 201 : 403;
            Expected[(actor, "getPersonalDataIncident")] = officer ? 404 : 403;
            Expected[(actor, "updatePersonalDataIncident")] = officer ? 404 : 403;
            Expected[(actor, "listPersonalDataIncidentReads")] = officer ? 404 : 403;
        }

        // Subject requests: read and registered by every role but the guest (an unknown client is 400, an unknown
        // request 404); attested on paper, extended, answered, refused and closed by head office's admins only.
        foreach (var actor in Enum.GetValues<TestActor>())
        {
            var member = actor != TestActor.Guest;
            var officer = actor == TestActor.Admin;
            Expected[(actor, "listSubjectRequests")] = member ? 200 : 403;
            Expected[(actor, "createSubjectRequest")] = member ? 400 : 403;
            Expected[(actor, "getSubjectRequest")] = member ? 404 : 403;
            Expected[(actor, "sendSubjectRequestCode")] = member ? 404 : 403;
            Expected[(actor, "verifySubjectRequest")] = member ? 404 : 403;
            foreach (var step in new[] { "extend", "answer", "refuse", "close" })
            {
                Expected[(actor, $"{step}SubjectRequest")] = officer ? 404 : 403;
            }
        }

        // Automation rules: read by every role but guests (head office's and their organization's own); kept by head
        // office's admins and by organizations' owners (an unknown rule is 404 to them).
        foreach (var actor in Enum.GetValues<TestActor>())
        {
            var reads = actor != TestActor.Guest;
            var keeps = actor is not (TestActor.Guest or TestActor.Employee);
            Expected[(actor, "listAutomationRules")] = reads ? 200 : 403;
            Expected[(actor, "getAutomationRule")] = reads ? 404 : 403;
            Expected[(actor, "createAutomationRule")] = keeps ? 201 : 403;
            Expected[(actor, "updateAutomationRule")] = keeps ? 404 : 403;
            Expected[(actor, "deleteAutomationRule")] = keeps ? 404 : 403;
            Expected[(actor, "dryRunAutomationRule")] = keeps ? 404 : 403;
            Expected[(actor, "listAutomationRuns")] = reads ? 200 : 403;
        }

        // Retention rules, legal holds and destruction runs: head office's admins only (an unknown client, hold or
        // run is 404 to them).
        foreach (var actor in Enum.GetValues<TestActor>())
        {
            var officer = actor == TestActor.Admin;
            Expected[(actor, "listRetentionRules")] = officer ? 200 : 403;
            Expected[(actor, "updateRetentionRule")] = officer ? 200 : 403;
            Expected[(actor, "listLegalHolds")] = officer ? 200 : 403;
            Expected[(actor, "createLegalHold")] = officer ? 404 : 403;
            Expected[(actor, "deleteLegalHold")] = officer ? 404 : 403;
            Expected[(actor, "listDestructionRuns")] = officer ? 200 : 403;
            Expected[(actor, "getDestructionRun")] = officer ? 404 : 403;
            Expected[(actor, "listDueDestructions")] = officer ? 200 : 403;
        }

        // Monthly sales targets: read by whoever reads deals (an unknown target is 404 to them); set by head office,
        // and by an organization's owner for its own users (a target for Alpha's colleague: Alpha's owner only).
        foreach (var actor in Enum.GetValues<TestActor>())
        {
            var readsDeals = actor != TestActor.Guest;
            Expected[(actor, "listSalesTargets")] = readsDeals ? 200 : 403;
            Expected[(actor, "getSalesTarget")] = readsDeals ? 404 : 403;
            var setsAlphas = actor is TestActor.Admin or TestActor.Employee or TestActor.PartnerAlpha;
            Expected[(actor, "createSalesTarget")] = setsAlphas ? 201 : 403;
            Expected[(actor, "updateSalesTarget")] = readsDeals ? 404 : 403;
            Expected[(actor, "deleteSalesTarget")] = readsDeals ? 404 : 403;
        }

        // The templates of generated documents: head office's admins only (a version of an unknown template is 404 to
        // them, so the matrix stores none).
        foreach (var actor in Enum.GetValues<TestActor>())
        {
            var admin = actor == TestActor.Admin;
            Expected[(actor, "listDocumentTemplates")] = admin ? 200 : 403;
            Expected[(actor, "getDocumentTemplate")] = admin ? 200 : 403;
            Expected[(actor, "getDocumentTemplateVersion")] = admin ? 200 : 403;
            Expected[(actor, "createDocumentTemplateVersion")] = admin ? 404 : 403;
            Expected[(actor, "previewDocumentTemplate")] = admin ? 200 : 403;
        }

        // Borrower checks: everyone but guests reads and runs them on the clients it sees (an unknown client, lead or
        // check is 404 to them); head office's admins import the sanctions list and set the policy, which everyone but
        // guests reads.
        foreach (var actor in Enum.GetValues<TestActor>())
        {
            var checks = actor != TestActor.Guest;
            var admin = actor == TestActor.Admin;
            Expected[(actor, "listClientBorrowerChecks")] = checks ? 404 : 403;
            Expected[(actor, "runBorrowerCheck")] = checks ? 404 : 403;
            Expected[(actor, "listLeadBorrowerChecks")] = checks ? 404 : 403;
            Expected[(actor, "getBorrowerCheck")] = checks ? 404 : 403;
            Expected[(actor, "importSanctionsList")] = admin ? 201 : 403;
            Expected[(actor, "getSanctionsList")] = admin ? 404 : 403;
            Expected[(actor, "getBorrowerCheckPolicy")] = checks ? 200 : 403;
            Expected[(actor, "replaceBorrowerCheckPolicy")] = admin ? 200 : 403;
        }

        foreach (var operation in AdminOnly)
        {
            foreach (var actor in Enum.GetValues<TestActor>())
            {
                Expected[(actor, operation)] = actor == TestActor.Admin ? (operation == "registerApiClient" ? 201 : 200) : 403;
            }
        }

        // Teams (Alpha's, made by its owner) and visibility: read as users are; made by head office
        // (users.manage) or an owner in its own organization; Alpha's changed by head office and Alpha's owner only
        // (another owner does not see it: 404); a colleague's visibility set as its role is.
        foreach (var actor in Enum.GetValues<TestActor>())
        {
            var otherOwner = actor is TestActor.PartnerBeta or TestActor.Franchisee;
            var managesAlpha = actor is TestActor.Admin or TestActor.PartnerAlpha;
            Expected[(actor, "listTeams")] = actor == TestActor.Guest ? 403 : 200;
            Expected[(actor, "getTeam")] = actor switch { TestActor.Guest => 403, _ when otherOwner => 404, _ => 200 };
            Expected[(actor, "createTeam")] = managesAlpha || otherOwner ? 201 : 403;
            foreach (var operation in new[] { "updateTeam", "deleteTeam", "addTeamMember", "removeTeamMember" })
            {
                Expected[(actor, operation)] =
                    managesAlpha ? (operation == "deleteTeam" ? 204 : 200) : otherOwner ? 404 : 403;
            }

            Expected[(actor, "setUserVisibility")] = managesAlpha ? 200 : 403;
        }
    }

    public static TheoryData<TestActor, string> Cases()
    {
        var data = new TheoryData<TestActor, string>();
        foreach (var (actor, operation) in Expected.Keys)
        {
            data.Add(actor, operation);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_role_gets_what_the_matrix_says(TestActor actor, string operation)
    {
        // Records of Partner Alpha's organization, made by Partner Alpha.
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var client = await ExpectJson(await alpha.PostAsync("/api/v1/clients", Body(new { fullName = "Клиент Альфы", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created);
        var spareClient = await ExpectJson(await alpha.PostAsync("/api/v1/clients", Body(new { fullName = "Второй клиент Альфы", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created);
        var lead = await ExpectJson(await alpha.PostAsync("/api/v1/leads", Body(new { clientId = Id(client), requestedAmount = 500000, product = "auto" })), HttpStatusCode.Created);
        client["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());

        if (operation == "listTasks")
        {
            await AlphaTask(alpha, client);
        }

        if (operation == "listDocuments")
        {
            await AlphaDocument(alpha);
        }

        if (operation is "createTopUpInvoice" or "createFranchiseContract" or "createInvoice")
        {
            await Documents.GeneratedDocumentTexts.FillRequisitesAsync(Http);
        }

        if (operation == "createClientContract")
        {
            await Documents.GeneratedDocumentTexts.PatchProfileAsync(
                Http,
                TestActors.PartnerAlphaOrganization,
                Documents.GeneratedDocumentTexts.FranchiseeRequisites
            );
        }

        if (operation == "listTickets")
        {
            await AlphaTicket(alpha);
        }

        var deal = DealOperations.Contains(operation) || operation is "getForecast" or "recordLoanFee"
            ? Id(await ExpectJson(await alpha.PostAsync("/api/v1/deals", Body(new { clientId = Id(client), leadId = Id(lead), title = "Сделка Альфы", amount = 500000, product = "auto" })), HttpStatusCode.Created))
            : null;

        if (operation is "cancelLoanIssue" or "recordLoanFee")
        {
            (await Put(alpha, $"/api/v1/deals/{deal}/loan", LoanIssue)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var http = await Server.CreateHttpClientAsync(actor);
        var response = operation switch
        {
            "listClients" => await http.GetAsync("/api/v1/clients"),
            "createClient" => await http.PostAsync("/api/v1/clients", Body(new { fullName = "Новый", phone = UniquePhone(), source = "external" })),
            "getClient" => await http.GetAsync($"/api/v1/clients/{Id(client)}"),
            "getClientTimeline" => await http.GetAsync($"/api/v1/clients/{Id(client)}/timeline"),
            "updateClient" => await Patch(http, $"/api/v1/clients/{Id(client)}", new { city = "Тверь" }),
            "deleteClient" => await http.DeleteAsync($"/api/v1/clients/{Id(spareClient)}"),
            "getClientSegments" => await http.GetAsync("/api/v1/clients/segments"),
            "exportClients" => await http.GetAsync("/api/v1/clients/export"),
            "exportLeads" => await http.GetAsync("/api/v1/leads/export?format=xlsx"),
            "listDocuments" => await http.GetAsync("/api/v1/documents"),
            "uploadDocument" => await http.PostAsync("/api/v1/documents", DocumentForm()),
            "getDocument" => await http.GetAsync($"/api/v1/documents/{await AlphaDocument(alpha)}"),
            "downloadDocument" => await http.GetAsync($"/api/v1/documents/{await AlphaDocument(alpha)}/content"),
            "downloadDocumentRendition" => await http.GetAsync(
                $"/api/v1/documents/{await AlphaDocument(alpha)}/rendition?format=docx"),
            "deleteDocument" => await http.DeleteAsync($"/api/v1/documents/{await AlphaDocument(alpha)}"),
            "createTopUpInvoice" => await http.PostAsync(
                "/api/v1/documents/invoices", Body(new { amount = 100, organizationId = actor == TestActor.Franchisee ? (Guid?)null : TestActors.FranchiseeOrganization })),
            "createFranchiseContract" => await http.PostAsync("/api/v1/documents/contracts", Body(new { organizationId = TestActors.FranchiseeOrganization })),
            "createClientContract" => await http.PostAsync($"/api/v1/clients/{Id(client)}/contracts", Body(new { })),
            "listKnowledgeSections" => await http.GetAsync("/api/v1/knowledge/sections"),
            "createKnowledgeSection" => await http.PostAsync("/api/v1/knowledge/sections", Body(new { title = "Матрица" })),
            "updateKnowledgeSection" => await Patch(http, $"/api/v1/knowledge/sections/{(await Knowledge()).Section}", new { position = 3 }),
            "deleteKnowledgeSection" => await http.DeleteAsync($"/api/v1/knowledge/sections/{Id(await ExpectJson(await Http.PostAsync("/api/v1/knowledge/sections", Body(new { title = "Пустой" })), HttpStatusCode.Created))}"),
            "listArticles" => await http.GetAsync("/api/v1/knowledge/articles"),
            "createArticle" => await http.PostAsync("/api/v1/knowledge/articles", Body(new { sectionId = (await Knowledge()).Section, title = "Новая", body = "Текст" })),
            "getArticle" => await http.GetAsync($"/api/v1/knowledge/articles/{(await Knowledge()).Article}"),
            "downloadArticleAttachment" => await http.GetAsync($"/api/v1/knowledge/articles/{(await Knowledge()).Article}/attachments/{(await Knowledge()).Attachment}/content"),
            "updateArticle" => await Patch(http, $"/api/v1/knowledge/articles/{(await Knowledge()).Article}", new { body = "Новый текст" }),
            "listArticleVersions" => await http.GetAsync($"/api/v1/knowledge/articles/{(await Knowledge()).Article}/versions"),
            "getArticleVersion" => await http.GetAsync($"/api/v1/knowledge/articles/{(await Knowledge()).Article}/versions/1"),
            "listFaqEntries" => await http.GetAsync("/api/v1/knowledge/faq"),
            "createFaqEntry" => await http.PostAsync("/api/v1/knowledge/faq", Body(new { sectionId = (await Knowledge()).Section, question = "Вопрос?", answer = "Ответ." })),
            "getFaqEntry" => await http.GetAsync($"/api/v1/knowledge/faq/{(await Knowledge()).Faq}"),
            "updateFaqEntry" => await Patch(http, $"/api/v1/knowledge/faq/{(await Knowledge()).Faq}", new { position = 2 }),
            "deleteFaqEntry" => await http.DeleteAsync($"/api/v1/knowledge/faq/{(await Knowledge()).Faq}"),
            "searchKnowledge" => await http.GetAsync("/api/v1/knowledge/search?q=" + Uri.EscapeDataString("ипотеку")),
            "listCourses" => await http.GetAsync("/api/v1/courses"),
            "createCourse" => await http.PostAsync("/api/v1/courses", Body(new { title = "Новый курс" })),
            "getCourse" => await http.GetAsync($"/api/v1/courses/{(await Course()).Course}"),
            "updateCourse" => await Patch(http, $"/api/v1/courses/{(await Course()).Course}", new { position = 3 }),
            "createCourseLesson" => await http.PostAsync($"/api/v1/courses/{(await Course()).Course}/lessons", Body(new { title = "Урок", kind = "video", videoUrl = "https://video.example/m" })),
            "updateCourseLesson" => await Patch(http, $"/api/v1/courses/{(await Course()).Course}/lessons/{(await Course()).Lesson}", new { position = 2 }),
            "completeCourseLesson" => await http.PutAsync($"/api/v1/courses/{(await Course()).Course}/lessons/{(await Course()).Lesson}/completion", null),
            "createCourseAssignment" => await http.PostAsync($"/api/v1/courses/{(await Course()).Course}/assignments", Body(new { title = "ДЗ", instructions = "Сделать", maxPoints = 5 })),
            "updateCourseAssignment" => await Patch(http, $"/api/v1/courses/{(await Course()).Course}/assignments/{(await Course()).Assignment}", new { maxPoints = 6 }),
            "submitHomework" => await http.PostAsync($"/api/v1/courses/{(await Course()).Course}/assignments/{(await Course()).Assignment}/submissions", Body(new { text = "Ответ" })),
            "listHomeworkSubmissions" => await http.GetAsync("/api/v1/homework-submissions"),
            "getHomeworkSubmission" => await http.GetAsync($"/api/v1/homework-submissions/{await AlphaSubmission()}"),
            "decideHomeworkSubmission" => await http.PostAsync($"/api/v1/homework-submissions/{await AlphaSubmission()}/decision", Body(new { decision = "accepted", points = 3 })),
            "listTrainingEvents" => await http.GetAsync("/api/v1/training-events"),
            "createTrainingEvent" => await http.PostAsync("/api/v1/training-events", Body(TrainingEventBody)),
            "getTrainingEvent" => await http.GetAsync($"/api/v1/training-events/{(await TrainingEvent()).Id}"),
            "updateTrainingEvent" => await Patch(http, $"/api/v1/training-events/{(await TrainingEvent()).Id}", new { capacity = 20 }),
            "cancelTrainingEvent" => await IfMatched(http, HttpMethod.Delete, $"/api/v1/training-events/{(await TrainingEvent()).Id}"),
            "registerForTrainingEvent" => await http.PostAsync($"/api/v1/training-events/{(await TrainingEvent()).Id}/registration", null),
            "cancelTrainingEventRegistration" => await http.DeleteAsync($"/api/v1/training-events/{(await TrainingEvent()).Id}/registration"),
            "listTrainingEventRegistrations" => await http.GetAsync($"/api/v1/training-events/{(await TrainingEvent()).Id}/registrations"),
            "markTrainingEventAttendance" => await http.PutAsync($"/api/v1/training-events/{(await TrainingEvent()).Id}/attendances/{await AlphaRegistered()}", null),
            "checkInToTrainingEvent" => await CheckIn(http),
            "listTickets" => await http.GetAsync("/api/v1/tickets"),
            "createTicket" => await http.PostAsync("/api/v1/tickets", Body(new { subject = "Вопрос", category = "other", text = "Текст" })),
            "getTicket" => await http.GetAsync($"/api/v1/tickets/{await AlphaTicket(alpha)}"),
            "updateTicket" => await Patch(http, $"/api/v1/tickets/{await AlphaTicket(alpha)}", new { priority = "high" }),
            "listTicketMessages" => await http.GetAsync($"/api/v1/tickets/{await AlphaTicket(alpha)}/messages"),
            "createTicketMessage" => await http.PostAsync($"/api/v1/tickets/{await AlphaTicket(alpha)}/messages", Body(new { text = "Ответ" })),
            "listHelpChatLinks" => await http.GetAsync("/api/v1/help/chat-links"),
            "createHelpChatLink" => await http.PostAsync("/api/v1/help/chat-links", Body(new { title = "Чат", url = "https://t.me/mak", audience = new[] { "partner" } })),
            "updateHelpChatLink" => await Patch(http, $"/api/v1/help/chat-links/{await SeededChatLink()}", new { title = "Чат поддержки" }),
            "deleteHelpChatLink" => await http.DeleteAsync($"/api/v1/help/chat-links/{await SeededChatLink()}"),
            "listCustomFieldDefinitions" => await http.GetAsync(CustomFields),
            "getCustomFieldDefinition" => await http.GetAsync($"{CustomFields}/{await PartnersField()}"),
            "createCustomFieldDefinition" => await http.PostAsync(CustomFields, Body(PartnersFieldBody)),
            "updateCustomFieldDefinition" =>
                await Patch(http, $"{CustomFields}/{await PartnersField()}", new { label = "Заметка" }),
            "deleteCustomFieldDefinition" => await http.DeleteAsync($"{CustomFields}/{await PartnersField()}"),
            "listConsents" => await ListAlphasConsents(http, alpha, client),
            "createConsent" => await http.PostAsync(Consents, Body(ConsentBody(client))),
            "getConsent" => await http.GetAsync($"{Consents}/{await AlphaConsent(alpha, client)}"),
            "withdrawConsent" => await http.PostAsync(
                $"{Consents}/{await AlphaConsent(alpha, client)}/withdrawal", Body(new { source = "form" })),
            "checkConsent" => await CheckAlphasConsent(http, alpha, client),
            "listCatalogueItems" => await http.GetAsync("/api/v1/catalogue-items"),
            "getCatalogueItem" => await http.GetAsync($"/api/v1/catalogue-items/{await CatalogueItem()}"),
            "createCatalogueItem" => await http.PostAsync("/api/v1/catalogue-items", Body(CatalogueItemBody)),
            "updateCatalogueItem" =>
                await Patch(http, $"/api/v1/catalogue-items/{await CatalogueItem()}", new { unitPrice = 30000 }),
            "deleteCatalogueItem" => await http.DeleteAsync($"/api/v1/catalogue-items/{await CatalogueItem()}"),
            "listInvoices" => await http.GetAsync("/api/v1/invoices"),
            "getInvoice" => await http.GetAsync($"/api/v1/invoices/{Guid.CreateVersion7()}"),
            "createInvoice" => await http.PostAsync("/api/v1/invoices", Body(InvoiceBody)),
            "recordInvoicePayment" => await http.PostAsync(
                $"/api/v1/invoices/{Guid.CreateVersion7()}/payments",
                Body(new { amount = 100, comment = "Матрица" })
            ),
            "updateInvoice" =>
                await Patch(http, $"/api/v1/invoices/{Guid.CreateVersion7()}", new { dueOn = "2030-01-01" }),
            "cancelInvoice" => await http.PostAsync(
                $"/api/v1/invoices/{Guid.CreateVersion7()}/cancel",
                Body(new { reason = "Матрица" })
            ),
            "getMyCalendarFeed" => await MyCalendarFeed(http),
            "issueCalendarFeed" => await http.PostAsync("/api/v1/me/calendar-feed", null),
            "revokeCalendarFeed" => await http.DeleteAsync("/api/v1/me/calendar-feed"),
            "readCalendarFeed" => await http.GetAsync(await AlphaCalendarFeed(alpha)),
            "getAmoCrmConnection" => await http.GetAsync("/api/v1/integrations/amocrm/connection"),
            "connectAmoCrm" => await http.PostAsync(
                "/api/v1/integrations/amocrm/connection",
                Body(new { baseUrl = "https://makhq.amocrm.ru", token = "not-a-jwt" })),
            "disconnectAmoCrm" => await http.DeleteAsync("/api/v1/integrations/amocrm/connection"),
            "startAmoCrmOAuth" => await http.PostAsync(
                "/api/v1/integrations/amocrm/oauth",
                Body(new
                {
                    baseUrl = "https://makhq.amocrm.ru", clientId = "c", clientSecret = "s",
                    redirectUri = "http://insecure",
                })),
            "completeAmoCrmOAuth" => await http.PostAsync(
                "/api/v1/integrations/amocrm/oauth/callback",
                Body(new { state = "unknown", code = "c" })),
            "getAmoCrmMapping" => await http.GetAsync("/api/v1/integrations/amocrm/mapping"),
            "replaceAmoCrmMapping" => await http.PutAsync(
                "/api/v1/integrations/amocrm/mapping",
                Body(
                    new
                    {
                        statuses = Array.Empty<object>(),
                        users = Array.Empty<object>(),
                        fields = Array.Empty<object>(),
                    }
                )),
            "previewAmoCrmImport" => await http.GetAsync("/api/v1/integrations/amocrm/import-preview"),
            "startAmoCrmImport" => await http.PostAsync("/api/v1/integrations/amocrm/imports", null),
            "getAmoCrmImport" => await http.GetAsync($"/api/v1/integrations/amocrm/imports/{Guid.CreateVersion7()}"),
            "listAmoCrmDeadLetters" => await http.GetAsync(
                $"/api/v1/integrations/amocrm/imports/{Guid.CreateVersion7()}/dead-letters"),
            "retryAmoCrmDeadLetter" => await http.PostAsync(
                $"/api/v1/integrations/amocrm/dead-letters/{Guid.CreateVersion7()}/retry", null),
            "receiveAmoCrmWebhook" => await http.PostAsync(
                "/api/v1/integrations/amocrm/webhooks/unknown-secret",
                new FormUrlEncodedContent([new("account[id]", "31415926")])),
            "startAmoCrmSync" => await http.PostAsync(
                "/api/v1/integrations/amocrm/sync", Body(new { publicBaseUrl = "http://insecure.example" })),
            "getAmoCrmSync" => await http.GetAsync("/api/v1/integrations/amocrm/sync"),
            "pauseAmoCrmSync" => await http.PostAsync("/api/v1/integrations/amocrm/sync/pause", null),
            "resumeAmoCrmSync" => await http.PostAsync("/api/v1/integrations/amocrm/sync/resume", null),
            "listAmoCrmConflicts" => await http.GetAsync("/api/v1/integrations/amocrm/conflicts"),
            "replayAmoCrmSync" => await http.PostAsync(
                "/api/v1/integrations/amocrm/sync/replay", Body(new { since = "2026-11-01T00:00:00Z" })),
            "replaceAmoCrmSyncDirections" => await http.PutAsync(
                "/api/v1/integrations/amocrm/sync/directions", Body(new { directions = Array.Empty<object>() })),
            "listAmoCrmSyncFailures" => await http.GetAsync("/api/v1/integrations/amocrm/sync/failures"),
            "retryAmoCrmSyncFailure" => await http.PostAsync(
                $"/api/v1/integrations/amocrm/sync/failures/{Guid.CreateVersion7()}/retry", null),
            "startImport" => await http.PostAsync("/api/v1/imports", ImportForm()),
            "listImports" => await http.GetAsync("/api/v1/imports"),
            "getImport" => await http.GetAsync($"/api/v1/imports/{await AlphaImport(alpha)}"),
            "getImportRejectedRows" => await http.GetAsync($"/api/v1/imports/{await AlphaImport(alpha)}/rejected-rows"),
            "listClientSources" => await http.GetAsync("/api/v1/client-sources"),
            "createClientSource" => await http.PostAsync("/api/v1/client-sources", Body(new { code = "matrix_source", name = "Матрица" })),
            "updateClientSource" => await Patch(http, "/api/v1/client-sources/external", new { name = "Внешние площадки" }),
            "listLeads" => await http.GetAsync("/api/v1/leads"),
            "createLead" => await http.PostAsync("/api/v1/leads", Body(new { clientId = Id(client), requestedAmount = 100000, product = "consumer" })),
            "submitLead" => await http.PostAsync("/api/v1/lead-submissions", Body(new { fullName = "С площадки", phone = UniquePhone(), source = "external", requestedAmount = 100000, product = "consumer" })),
            "submitLeadBatch" => await http.PostAsync("/api/v1/lead-submissions/batch", Body(new { items = new[] { new { fullName = "С площадки", phone = UniquePhone(), source = "external" } } })),
            "getLead" => await http.GetAsync($"/api/v1/leads/{Id(lead)}"),
            "checkDuplicates" => await http.PostAsync("/api/v1/duplicate-checks", Body(new { phone = client["phone"]!.GetValue<string>() })),
            "updateLead" => await Patch(http, $"/api/v1/leads/{Id(lead)}", new { status = "in_progress" }),
            "deleteLead" => await http.DeleteAsync($"/api/v1/leads/{Id(lead)}"),
            "handOverLead" => await http.PostAsync(
                $"/api/v1/leads/{Id(lead)}/hand-over",
                Body(new { organizationId = TestActors.PartnerBetaOrganization })
            ),
            "listLots" => await http.GetAsync("/api/v1/lots"),
            "createLot" => await http.PostAsync("/api/v1/lots", Body(new { leadId = Id(lead), startPrice = 1000, minStep = 100, endsAt = DateTimeOffset.UtcNow.AddHours(1) })),
            "getLot" => await http.GetAsync($"/api/v1/lots/{await AlphaLot(lead)}"),
            "getLotLiveState" => await http.GetAsync($"/api/v1/lots/{await AlphaLot(lead)}/live"),
            "listLotBids" => await http.GetAsync($"/api/v1/lots/{await AlphaLot(lead)}/bids"),
            "placeBid" => await http.PostAsync($"/api/v1/lots/{await AlphaLot(lead, fundFranchisee: true)}/bids", Body(new { amount = 1000 })),
            "listTasks" => await http.GetAsync("/api/v1/tasks"),
            "createTask" => await http.PostAsync("/api/v1/tasks", Body(new { subjectType = "client", subjectId = Id(client), title = "Позвонить", dueAt = DateTimeOffset.UtcNow.AddDays(1) })),
            "getTask" => await http.GetAsync($"/api/v1/tasks/{await AlphaTask(alpha, client)}"),
            "updateTask" => await Patch(http, $"/api/v1/tasks/{await AlphaTask(alpha, client)}", new { title = "Перезвонить" }),
            "completeTask" => await http.PostAsync($"/api/v1/tasks/{await AlphaTask(alpha, client)}/completion", null),
            "deleteTask" => await http.DeleteAsync($"/api/v1/tasks/{await AlphaTask(alpha, client)}"),
            "listAssignees" => await http.GetAsync($"/api/v1/assignees?kind=lead&organizationId={TestActors.PartnerAlphaOrganization}"),
            "listNotifications" => await http.GetAsync("/api/v1/notifications"),
            "listEvents" => await http.GetAsync("/api/v1/events"),
            "openStream" => await StreamHead(http, "/api/v1/stream"),
            "createStreamTicket" => await http.PostAsync("/api/v1/stream/tickets", null),
            "listReportFields" => await http.GetAsync("/api/v1/reports/fields"),
            "getDashboard" => await http.GetAsync("/api/v1/dashboards/head-office"),
            "exportDashboardPdf" => await http.GetAsync("/api/v1/dashboards/head-office/pdf"),
            "runReportQuery" => await http.PostAsync("/api/v1/reports/query", Body(new { dataset = "leads", measures = new[] { new { op = "count" } } })),
            "listSavedReports" => await http.GetAsync("/api/v1/reports/saved"),
            "createSavedReport" => await http.PostAsync("/api/v1/reports/saved", Body(new { name = "Матрица", query = new { dataset = "leads", measures = new[] { new { op = "count" } } } })),
            "getSavedReport" => await http.GetAsync($"/api/v1/reports/saved/{await AlphaReport(alpha)}"),
            "updateSavedReport" => await Patch(http, $"/api/v1/reports/saved/{await AlphaReport(alpha)}", new { name = "Матрица" }),
            "deleteSavedReport" => await http.DeleteAsync($"/api/v1/reports/saved/{await AlphaReport(alpha)}"),
            "runSavedReport" => await http.PostAsync($"/api/v1/reports/saved/{await AlphaReport(alpha)}/run", null),
            "exportReportQuery" => await http.PostAsync("/api/v1/reports/query/export", Body(new { dataset = "leads", dimensions = new[] { new { field = "source" } }, measures = new[] { new { op = "count" } } })),
            "exportSavedReport" => await http.GetAsync($"/api/v1/reports/saved/{await AlphaReport(alpha)}/export?format=xlsx"),
            "listWebhooks" => await http.GetAsync("/api/v1/webhooks"),
            "createWebhook" => await http.PostAsync("/api/v1/webhooks", Body(new { url = "http://127.0.0.1:9/hooks", eventTypes = new[] { "lead.created" } })),
            "getWebhook" => await http.GetAsync($"/api/v1/webhooks/{await AlphaWebhook(alpha)}"),
            "updateWebhook" => await Patch(http, $"/api/v1/webhooks/{await AlphaWebhook(alpha)}", new { description = "Матрица" }),
            "deleteWebhook" => await http.DeleteAsync($"/api/v1/webhooks/{await AlphaWebhook(alpha)}"),
            "rotateWebhookSecret" => await http.PostAsync($"/api/v1/webhooks/{await AlphaWebhook(alpha)}/secret/rotate", null),
            "listWebhookDeliveries" => await http.GetAsync($"/api/v1/webhooks/{await AlphaWebhook(alpha)}/deliveries"),
            "redeliverWebhook" => await http.PostAsync($"/api/v1/webhooks/{await AlphaWebhook(alpha)}/deliveries/{await AlphaWebhookPing(alpha)}/redeliver", null),
            "recoverWebhookDeliveries" => await http.PostAsync($"/api/v1/webhooks/{await AlphaWebhook(alpha)}/recover", Body(new { since = DateTimeOffset.UtcNow.AddDays(-1) })),
            "pingWebhook" => await http.PostAsync($"/api/v1/webhooks/{await AlphaWebhook(alpha)}/ping", null),
            "countUnreadNotifications" => await http.GetAsync("/api/v1/notifications/unread-count"),
            "markNotificationRead" => await http.PostAsync($"/api/v1/notifications/{await AlphaNotification(client)}/read", null),
            "markAllNotificationsRead" => await http.PostAsync("/api/v1/notifications/read-all", null),
            "getMyNotificationPreferences" => await http.GetAsync("/api/v1/me/notification-preferences"),
            "replaceMyNotificationPreferences" => await http.PutAsync("/api/v1/me/notification-preferences", Body(new { items = new[] { new { kind = "lead_assigned", channel = "email", enabled = false } } })),
            "listLeadStatuses" => await http.GetAsync("/api/v1/lead-statuses"),
            "createLeadStatus" => await http.PostAsync("/api/v1/lead-statuses", Body(new { code = "matrix_check", name = "Проверка", color = "#123456", kind = "open" })),
            "updateLeadStatus" => await Patch(http, "/api/v1/lead-statuses/returned", new { color = "#654321" }),
            "deleteLeadStatus" => await http.DeleteAsync("/api/v1/lead-statuses/returned"),
            "listLeadComments" => await http.GetAsync($"/api/v1/leads/{Id(lead)}/comments"),
            "addLeadComment" => await http.PostAsync($"/api/v1/leads/{Id(lead)}/comments", Body(new { text = "Перезвонить завтра" })),
            "getLeadTimeline" => await http.GetAsync($"/api/v1/leads/{Id(lead)}/timeline"),
            "listPipelines" => await http.GetAsync("/api/v1/pipelines"),
            "getForecast" => await http.GetAsync(
                $"/api/v1/forecast?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"))}"),
            "getPipeline" => await http.GetAsync($"/api/v1/pipelines/{SeededPipeline}"),
            "createPipeline" => await http.PostAsync("/api/v1/pipelines", Body(new { name = "Матрица" })),
            "updatePipeline" => await Patch(http, $"/api/v1/pipelines/{SeededPipeline}", new { name = "Кредиты" }),
            "deletePipeline" => await http.DeleteAsync($"/api/v1/pipelines/{SeededPipeline}"),
            "addPipelineStage" => await http.PostAsync($"/api/v1/pipelines/{SeededPipeline}/stages", Body(new { name = "Матрица" })),
            "updatePipelineStage" => await Patch(http, $"/api/v1/pipelines/{SeededPipeline}/stages/{SeededStage(2)}", new { name = "Документы" }),
            "deletePipelineStage" => await http.DeleteAsync($"/api/v1/pipelines/{SeededPipeline}/stages/{SeededStage(4)}"),
            "reorderPipelineStages" => await http.PutAsync(
                $"/api/v1/pipelines/{SeededPipeline}/stage-order", Body(new { stageIds = new[] { SeededStage(4), SeededStage(3), SeededStage(2), SeededStage(1) } })),
            "listDeals" => await http.GetAsync("/api/v1/deals"),
            "createDeal" => await http.PostAsync("/api/v1/deals", Body(new { clientId = Id(client), title = "Новая сделка", amount = 100000, product = "consumer" })),
            "getDeal" => await http.GetAsync($"/api/v1/deals/{deal}"),
            "updateDeal" => await Patch(http, $"/api/v1/deals/{deal}", new { bank = "ВТБ" }),
            "deleteDeal" => await http.DeleteAsync($"/api/v1/deals/{deal}"),
            "moveDeal" => await http.PostAsync($"/api/v1/deals/{deal}/moves", Body(new { stageId = SeededStage(2) })),
            "getDealStageHistory" => await http.GetAsync($"/api/v1/deals/{deal}/stage-history"),
            "recordLoanIssue" => await Put(http, $"/api/v1/deals/{deal}/loan", LoanIssue),
            "cancelLoanIssue" => await Put(http, $"/api/v1/deals/{deal}/loan/cancellation", new { cancelledOn = Today, reason = "bank_clawback" }),
            "listBanks" => await http.GetAsync("/api/v1/banks"),
            "createBank" => await http.PostAsync("/api/v1/banks", Body(new { code = "matrix_bank", name = "Матрица" })),
            "updateBank" => await Patch(http, "/api/v1/banks/tbank", new { name = "АО «ТБанк»" }),
            "listCommissionRules" => await http.GetAsync("/api/v1/commission-rules"),
            "createCommissionRule" => await http.PostAsync("/api/v1/commission-rules", Body(new { kind = "partner_share", effectiveFrom = "2031-01-01", grade = "matrix", rate = 0.4m })),
            "quoteCommission" => await http.PostAsync("/api/v1/commission-quotes", Body(new { bankCode = "matrix_no_rules", product = "consumer", amount = 100000m, termMonths = 12 })),
            "listCommissionEntries" => await http.GetAsync("/api/v1/commission-entries"),
            "listCommissionBalances" => await http.GetAsync("/api/v1/commission-balances"),
            "getCommissionEntry" => await http.GetAsync($"/api/v1/commission-entries/{await AlphaBonus()}"),
            "recordCommissionBonus" => await http.PostAsync("/api/v1/commission-bonuses", Body(new { organizationId = TestActors.PartnerAlphaOrganization, amount = 100m, reason = "Матрица" })),
            "reverseCommissionBonus" => await Put(http, $"/api/v1/commission-bonuses/{await AlphaBonus()}/reversal", new { reason = "Матрица" }),
            "recordLoanFee" => await Put(http, $"/api/v1/deals/{deal}/loan/fee", new { amount = 15000m, receivedOn = Today, reference = "п/п 1" }),
            "listSettlementActs" => await http.GetAsync("/api/v1/settlements"),
            "exportSettlementActs" => await http.GetAsync("/api/v1/settlements/export?from=2026-01-01&to=2026-12-31"),
            "exportSettlementPaymentOrders" =>
                await http.GetAsync("/api/v1/settlements/payment-orders?from=2026-01-01&to=2026-12-31"),
            "exportSettlementEnterpriseData" =>
                await http.GetAsync("/api/v1/settlements/enterprise-data?from=2026-01-01&to=2026-12-31"),
            "getSettlementAct" => await http.GetAsync($"/api/v1/settlements/{Guid.CreateVersion7()}"),
            "draftSettlementAct" => await http.PostAsync("/api/v1/settlements", Body(new { organizationId = TestActors.PartnerAlphaOrganization, periodFrom = "2026-01-01", periodTo = Today })),
            "issueSettlementAct" => await IfMatched(http, HttpMethod.Post, $"/api/v1/settlements/{Guid.CreateVersion7()}/issue"),
            "discardSettlementAct" => await IfMatched(http, HttpMethod.Delete, $"/api/v1/settlements/{Guid.CreateVersion7()}"),
            "recordSettlementPayout" => await IfMatched(http, HttpMethod.Post, $"/api/v1/settlements/{Guid.CreateVersion7()}/payout", new { paidOn = Today, amount = 100m }),
            "requestSettlementAcceptanceCode" => await http.PostAsync($"/api/v1/settlements/{Guid.CreateVersion7()}/acceptance-code", null),
            "acceptSettlementAct" => await http.PostAsync($"/api/v1/settlements/{Guid.CreateVersion7()}/acceptance", Body(new { code = "123456" })),
            "createReconciliationStatement" => await http.PostAsync($"/api/v1/organizations/{TestActors.PartnerAlphaOrganization}/reconciliation-statements", Body(new { from = "2026-01-01", to = Today })),
            "listAuditEvents" => await http.GetAsync("/api/v1/audit-events"),
            "listPersonalDataReads" => await http.GetAsync("/api/v1/personal-data/reads"),
            "listCreditProgrammes" => await http.GetAsync(CreditProgrammes),
            "createCreditProgramme" => await http.PostAsync(CreditProgrammes, Body(CreditProgrammeBody)),
            "getCreditProgramme" => await http.GetAsync($"{CreditProgrammes}/{Guid.CreateVersion7()}"),
            "updateCreditProgramme" => await IfMatched(
                http, HttpMethod.Patch, $"{CreditProgrammes}/{Guid.CreateVersion7()}", new { rateMin = 5 }),
            "matchLeadCreditProgrammes" =>
                await http.GetAsync($"/api/v1/leads/{Id(lead)}/credit-programmes?termMonths=60"),
            "listPersonalDataIncidents" => await http.GetAsync(Incidents),
            "createPersonalDataIncident" => await http.PostAsync(Incidents, Body(IncidentBody)),
            "listSubjectRequests" => await http.GetAsync(SubjectRequests),
            "createSubjectRequest" => await http.PostAsync(SubjectRequests, Body(new { clientId = Guid.CreateVersion7(),
                kind = "access", channel = "cabinet" })),
            "getSubjectRequest" => await http.GetAsync($"{SubjectRequests}/{Guid.CreateVersion7()}"),
            "sendSubjectRequestCode" => await http.PostAsync(
                $"{SubjectRequests}/{Guid.CreateVersion7()}/verification-code", null),
            "verifySubjectRequest" => await IfMatched(http, HttpMethod.Post,
                $"{SubjectRequests}/{Guid.CreateVersion7()}/verification", new { method = "email_code",
                    code = "123456" }),
            "extendSubjectRequest" => await IfMatched(http, HttpMethod.Post,
                $"{SubjectRequests}/{Guid.CreateVersion7()}/extension", new { reason = "Нужно время." }),
            "answerSubjectRequest" => await IfMatched(http, HttpMethod.Post,
                $"{SubjectRequests}/{Guid.CreateVersion7()}/answer", new { text = "Ответ." }),
            "refuseSubjectRequest" => await IfMatched(http, HttpMethod.Post,
                $"{SubjectRequests}/{Guid.CreateVersion7()}/refusal", new { reason = "Отказ." }),
            "closeSubjectRequest" => await IfMatched(http, HttpMethod.Post,
                $"{SubjectRequests}/{Guid.CreateVersion7()}/closure"),
            "getPersonalDataIncident" => await http.GetAsync($"{Incidents}/{Guid.CreateVersion7()}"),
            "updatePersonalDataIncident" => await IfMatched(
                http, HttpMethod.Patch, $"{Incidents}/{Guid.CreateVersion7()}", new { title = "Утечка" }),
            "listPersonalDataIncidentReads" => await http.GetAsync($"{Incidents}/{Guid.CreateVersion7()}/reads"),
            "listAutomationRules" => await http.GetAsync(AutomationRules),
            "createAutomationRule" => await http.PostAsync(AutomationRules, Body(AutomationRuleBody)),
            "getAutomationRule" => await http.GetAsync($"{AutomationRules}/{Guid.CreateVersion7()}"),
            "updateAutomationRule" => await IfMatched(
                http, HttpMethod.Patch, $"{AutomationRules}/{Guid.CreateVersion7()}", new { enabled = false }),
            "deleteAutomationRule" => await http.DeleteAsync($"{AutomationRules}/{Guid.CreateVersion7()}"),
            "dryRunAutomationRule" => await http.PostAsync(
                $"{AutomationRules}/{Guid.CreateVersion7()}/dry-run", Body(new { subjectId = Guid.CreateVersion7() })),
            "listAutomationRuns" => await http.GetAsync("/api/v1/automation-runs"),
            "listRetentionRules" => await http.GetAsync("/api/v1/retention-rules"),
            "updateRetentionRule" => await Patch(http, "/api/v1/retention-rules/lead_without_deal", new { days = 365 }),
            "listLegalHolds" => await http.GetAsync("/api/v1/legal-holds"),
            "createLegalHold" => await http.PostAsync(
                "/api/v1/legal-holds",
                Body(new { clientId = Guid.CreateVersion7(), reason = "Запрос суда" })),
            "deleteLegalHold" => await http.DeleteAsync($"/api/v1/legal-holds/{Guid.CreateVersion7()}"),
            "listDestructionRuns" => await http.GetAsync("/api/v1/destruction-runs"),
            "getDestructionRun" => await http.GetAsync($"/api/v1/destruction-runs/{Guid.CreateVersion7()}"),
            "listDueDestructions" => await http.GetAsync("/api/v1/destruction-runs/due"),
            "listSalesTargets" => await http.GetAsync(SalesTargets),
            "createSalesTarget" => await http.PostAsync(SalesTargets, Body(await SalesTargetBody())),
            "getSalesTarget" => await http.GetAsync($"{SalesTargets}/{Guid.CreateVersion7()}"),
            "updateSalesTarget" =>
                await IfMatched(http, HttpMethod.Patch, $"{SalesTargets}/{Guid.CreateVersion7()}", new { amount = 5m }),
            "deleteSalesTarget" => await http.DeleteAsync($"{SalesTargets}/{Guid.CreateVersion7()}"),
            "listDocumentTemplates" => await http.GetAsync("/api/v1/document-templates"),
            "getDocumentTemplate" => await http.GetAsync("/api/v1/document-templates/invoice"),
            "getDocumentTemplateVersion" => await http.GetAsync("/api/v1/document-templates/invoice/versions/1"),
            "createDocumentTemplateVersion" => await http.PostAsync(
                "/api/v1/document-templates/no_such_template/versions", Body(new { body = "<html><body/></html>" })),
            "previewDocumentTemplate" => await http.PostAsync(
                "/api/v1/document-templates/invoice/preview", Body(new { version = 1, format = "html" })),
            "listClientBorrowerChecks" =>
                await http.GetAsync($"/api/v1/clients/{Guid.CreateVersion7()}/borrower-checks"),
            "runBorrowerCheck" => await http.PostAsync(
                $"/api/v1/clients/{Guid.CreateVersion7()}/borrower-checks", Body(new { kind = "sanctions" })),
            "listLeadBorrowerChecks" => await http.GetAsync($"/api/v1/leads/{Guid.CreateVersion7()}/borrower-checks"),
            "getBorrowerCheck" => await http.GetAsync($"/api/v1/borrower-checks/{Guid.CreateVersion7()}"),
            "importSanctionsList" => await http.PostAsync("/api/v1/sanctions-lists", SanctionsListForm()),
            "getSanctionsList" => await http.GetAsync($"/api/v1/sanctions-lists/{Guid.CreateVersion7()}"),
            "getBorrowerCheckPolicy" => await http.GetAsync("/api/v1/borrower-check-policy"),
            "replaceBorrowerCheckPolicy" => await IfMatched(
                http, HttpMethod.Put, "/api/v1/borrower-check-policy",
                new { requiredBeforeAuction = Array.Empty<string>(), validDays = 30 }),
            "listRoles" => await http.GetAsync("/api/v1/roles"),
            "setRolePermissions" => await http.PutAsync("/api/v1/roles/guest/permissions", Body(new { permissions = MakCrm.Domain.Access.Roles.DefaultMatrix[MakCrm.Domain.Access.Roles.Guest] })),
            "listApiClients" => await http.GetAsync("/api/v1/api-clients"),
            "registerApiClient" => await http.PostAsync("/api/v1/api-clients", Body(new { name = "Площадка", organizationId = TestActors.PartnerAlphaOrganization, scopes = new[] { "leads.write" } })),
            "disableApiClient" => await http.PostAsync($"/api/v1/api-clients/{await RegisteredClient()}/disable", null),
            "enableApiClient" => await http.PostAsync($"/api/v1/api-clients/{await RegisteredClient()}/enable", null),
            "rotateApiClientSecret" => await http.PostAsync($"/api/v1/api-clients/{await RegisteredClient()}/secret", null),
            "registerOrganization" => await http.PostAsync("/api/v1/registrations", Body(new
            {
                kind = "partner", companyName = "ООО «Матрица»", legalForm = "ooo", inn = "7707083893", contactPhone = UniquePhone(),
                contactEmail = $"matrix-{Guid.NewGuid():N}@partner.example", fullName = "Матрицын Макс", password = "Matrix-Password-2026",
            })),
            "listOrganizations" => await http.GetAsync("/api/v1/organizations?status=pending"),
            "enrolTwoFactor" => await http.PostAsync("/api/v1/account/two-factor/enrolment", null),
            "confirmTwoFactor" => await http.PostAsync("/api/v1/account/two-factor/confirmation", Body(new { code = "000000" })),
            "disableTwoFactor" => await http.PostAsync("/api/v1/account/two-factor/disable", Body(new { code = "000000" })),
            "regenerateRecoveryCodes" => await http.PostAsync("/api/v1/account/two-factor/recovery-codes", Body(new { code = "000000" })),
            "approveOrganization" => await http.PostAsync($"/api/v1/organizations/{await PendingOrganization()}/approve", null),
            "checkOrganizationRegistration" => await http.PostAsync($"/api/v1/organizations/{await PendingOrganization()}/registration-check", null),
            "rejectOrganization" => await http.PostAsync($"/api/v1/organizations/{await PendingOrganization()}/reject", Body(new { reason = "Нет документов" })),
            "getOrganization" => await http.GetAsync($"/api/v1/organizations/{TestActors.PartnerAlphaOrganization}"),
            "updateOrganizationProfile" => await Patch(http, $"/api/v1/organizations/{TestActors.PartnerAlphaOrganization}/profile", new { city = "Тверь" }),
            "listOrganizationHosts" => await http.GetAsync($"/api/v1/organizations/{TestActors.PartnerAlphaOrganization}/hosts"),
            "claimOrganizationHost" => await http.PostAsync($"/api/v1/organizations/{TestActors.PartnerAlphaOrganization}/hosts", Body(new { host = "matrix.cabinet.example" })),
            "releaseOrganizationHost" => await http.DeleteAsync($"/api/v1/organizations/{TestActors.PartnerAlphaOrganization}/hosts/{await AlphaHost()}"),
            "getBranding" => await http.GetAsync($"/api/v1/branding?host={await AlphaHost()}"),
            "listOrganizationTrash" => await http.GetAsync("/api/v1/organizations/trash"),
            "blockOrganization" => await http.PostAsync($"/api/v1/organizations/{await SpareOrganization()}/block", null),
            "unblockOrganization" => await http.PostAsync($"/api/v1/organizations/{await SpareOrganization(blocked: true)}/unblock", null),
            "deleteOrganization" => await http.DeleteAsync($"/api/v1/organizations/{await SpareOrganization()}"),
            "restoreOrganization" => await http.PostAsync($"/api/v1/organizations/{await SpareOrganization(inTrash: true)}/restore", null),
            "purgeOrganization" => await http.DeleteAsync($"/api/v1/organizations/{await SpareOrganization(inTrash: true)}/permanent"),
            "setOrganizationGrade" => await http.PutAsync($"/api/v1/organizations/{TestActors.FranchiseeOrganization}/grade", Body(new { grade = "gold" })),
            "getReferralProgram" => await http.GetAsync($"/api/v1/organizations/{TestActors.PartnerAlphaOrganization}/referral"),
            "listReferrals" => await http.GetAsync($"/api/v1/organizations/{TestActors.PartnerAlphaOrganization}/referrals?level=2"),
            "setOrganizationReferrer" => await http.PutAsync($"/api/v1/organizations/{await SpareOrganization()}/referrer",
                Body(new { referrerOrganizationId = TestActors.PartnerAlphaOrganization, reason = "Матрица" })),
            "listGradeHistory" => await http.GetAsync($"/api/v1/organizations/{TestActors.PartnerAlphaOrganization}/grade-history"),
            "getGradeProgress" => await http.GetAsync($"/api/v1/organizations/{TestActors.PartnerAlphaOrganization}/grade-progress"),
            "listGrades" => await http.GetAsync("/api/v1/grades?kind=partner"),
            "getMyPoints" => await http.GetAsync("/api/v1/me/points"),
            "listMyPointsEntries" => await http.GetAsync("/api/v1/me/points/entries"),
            "getPointsLeaderboard" => await http.GetAsync("/api/v1/points/leaderboard"),
            "getPointRules" => await http.GetAsync("/api/v1/points/rules"),
            "replacePointRules" => await PutIfMatch(http, "/api/v1/points/rules", new { rules = PointRules }),
            "getUserPoints" => await http.GetAsync($"/api/v1/users/{await Server.UserIdAsync(TestActor.PartnerAlpha)}/points"),
            "listUserPointsEntries" => await http.GetAsync($"/api/v1/users/{await Server.UserIdAsync(TestActor.PartnerAlpha)}/points/entries"),
            "createGrade" => await http.PostAsync("/api/v1/grades", Body(new
            {
                organizationKind = "partner", code = $"g{Guid.NewGuid():N}"[..20], name = "Матрица", rank = NextGradeRank(),
                basis = "issued_count", threshold = 1, periodMonths = 1,
            })),
            "updateGrade" => await http.PutAsync($"/api/v1/grades/{await SpareGrade()}", Body(new { name = "Матрица", rank = NextGradeRank(), basis = "issued_count", threshold = 2, periodMonths = 1 })),
            "listBalances" => await http.GetAsync("/api/v1/ledger/balances"),
            "getBalance" => await http.GetAsync($"/api/v1/ledger/balances/{TestActors.FranchiseeOrganization}"),
            "listLedgerEntries" => await http.GetAsync("/api/v1/ledger/entries"),
            "getLedgerEntry" => await http.GetAsync($"/api/v1/ledger/entries/{await FranchiseeDeposit()}"),
            "recordDeposit" => await http.PostAsync("/api/v1/ledger/deposits", Body(new { organizationId = TestActors.FranchiseeOrganization, amount = 100, comment = "Матрица" })),
            "recordAdjustment" => await http.PostAsync("/api/v1/ledger/adjustments", Body(new { organizationId = TestActors.FranchiseeOrganization, amount = 100, comment = "Матрица" })),
            "requestLeadReturn" => await http.PostAsync($"/api/v1/leads/{await FranchiseesLead()}/returns", Body(new { reason = "unreachable" })),
            "listLeadReturns" => await http.GetAsync("/api/v1/lead-returns"),
            "getLeadReturn" => await http.GetAsync($"/api/v1/lead-returns/{await FranchiseesReturn()}"),
            "acceptLeadReturn" => await http.PostAsync($"/api/v1/lead-returns/{await FranchiseesReturn()}/accept", null),
            "rejectLeadReturn" => await http.PostAsync($"/api/v1/lead-returns/{await FranchiseesReturn()}/reject", Body(new { reason = "Дозвонились" })),
            "listInvitations" => await http.GetAsync("/api/v1/invitations"),
            "createInvitation" => await http.PostAsync("/api/v1/invitations", Body(new { email = $"matrix-{Guid.NewGuid():N}@invited.example", fullName = "Приглашённый", role = "guest" })),
            "resendInvitation" => await http.PostAsync($"/api/v1/invitations/{await AlphaInvitation(alpha)}/resend", null),
            "revokeInvitation" => await http.PostAsync($"/api/v1/invitations/{await AlphaInvitation(alpha)}/revoke", null),
            "acceptInvitation" => await http.PostAsync("/api/v1/invitations/acceptance", Body(new { token = "made-up", password = "Matrix-Password-2026" })),
            "requestPasswordReset" => await http.PostAsync("/api/v1/password-resets", Body(new { email = actor.Email() })),
            "completePasswordReset" => await http.PostAsync("/api/v1/password-resets/completion", Body(new { token = "made-up", newPassword = "Matrix-Password-2026" })),
            "changePassword" => await http.PostAsync("/api/v1/me/password", Body(new { currentPassword = "not-the-password", newPassword = "Matrix-Password-2026" })),
            "getMe" => await http.GetAsync("/api/v1/me"),
            "updateMe" => await Patch(http, "/api/v1/me", new { phone = (string?)null }),
            "listMySessions" => await http.GetAsync("/api/v1/me/sessions"),
            "revokeMySession" => await http.DeleteAsync($"/api/v1/me/sessions/{Claims(await Server.AccessTokenAsync(TestActor.PartnerAlpha == actor ? TestActor.PartnerBeta : TestActor.PartnerAlpha))["sid"]}"),
            "revokeMyOtherSessions" => await http.PostAsync("/api/v1/me/sessions/revocation", null),
            "createMyTelegramLinkCode" => await http.PostAsync("/api/v1/me/telegram-link-codes", null),
            "listMyTelegramLinks" => await http.GetAsync("/api/v1/me/telegram-links"),
            "removeMyTelegramLink" => await http.DeleteAsync($"/api/v1/me/telegram-links/{Guid.NewGuid()}"),
            "listUserTelegramLinks" => await http.GetAsync($"/api/v1/users/{await AlphaColleague()}/telegram-links"),
            "removeUserTelegramLink" => await http.DeleteAsync($"/api/v1/users/{await AlphaColleague()}/telegram-links/{Guid.NewGuid()}"),
            "createTelegramGroupCode" => await http.PostAsync($"/api/v1/organizations/{TestActors.PartnerAlphaOrganization}/telegram-group-codes", null),
            "listOrganizationTelegramGroups" => await http.GetAsync($"/api/v1/organizations/{TestActors.PartnerAlphaOrganization}/telegram-groups"),
            "removeOrganizationTelegramGroup" => await http.DeleteAsync($"/api/v1/organizations/{TestActors.PartnerAlphaOrganization}/telegram-groups/{Guid.NewGuid()}"),
            "redeemTelegramLinkCode" => await http.PostAsync("/api/v1/telegram/links", Body(new { code = "lk_made_up", telegramUserId = 5213344556, chatId = 5213344556 })),
            "getTelegramLink" => await http.GetAsync("/api/v1/telegram/links/5213344556"),
            "removeTelegramLink" => await http.DeleteAsync("/api/v1/telegram/links/5213344556"),
            "redeemTelegramGroupCode" => await http.PostAsync("/api/v1/telegram/group-links", Body(new { code = "gr_made_up", chatId = -1001234567890, title = "Группа" })),
            "listTelegramGroupLinks" => await http.GetAsync($"/api/v1/telegram/group-links?organizationId={TestActors.PartnerAlphaOrganization}"),
            "removeTelegramGroupLink" => await http.DeleteAsync("/api/v1/telegram/group-links/-1001234567890"),
            "listMyWhatsAppLinks" => await http.GetAsync("/api/v1/me/whatsapp-links"),
            "removeMyWhatsAppLink" => await http.DeleteAsync($"/api/v1/me/whatsapp-links/{Guid.NewGuid()}"),
            "listUserWhatsAppLinks" => await http.GetAsync($"/api/v1/users/{await AlphaColleague()}/whatsapp-links"),
            "removeUserWhatsAppLink" => await http.DeleteAsync($"/api/v1/users/{await AlphaColleague()}/whatsapp-links/{Guid.NewGuid()}"),
            "redeemWhatsAppLinkCode" => await http.PostAsync("/api/v1/whatsapp/links", Body(new { code = "lk_made_up", waId = "79161234567" })),
            "getWhatsAppLink" => await http.GetAsync("/api/v1/whatsapp/links/79161234567"),
            "listUsers" => await http.GetAsync("/api/v1/users"),
            "getUser" => await http.GetAsync($"/api/v1/users/{await AlphaColleague()}"),
            "changeUserRole" => await http.PutAsync($"/api/v1/users/{await AlphaColleague()}/role", Body(new { role = "guest" })),
            "deactivateUser" => await http.PostAsync($"/api/v1/users/{await AlphaColleague()}/deactivation", null),
            "reactivateUser" => await http.PostAsync($"/api/v1/users/{await AlphaColleague()}/reactivation", null),
            "resetUserTwoFactor" => await http.PostAsync($"/api/v1/users/{await AlphaColleague()}/two-factor-reset", null),
            "setUserVisibility" => await http.PutAsync(
                $"/api/v1/users/{await AlphaColleague()}/visibility", Body(new { visibility = "team" })),
            "listTeams" => await http.GetAsync("/api/v1/teams"),
            "getTeam" => await http.GetAsync($"/api/v1/teams/{await AlphaTeam(alpha)}"),
            "createTeam" => await http.PostAsync("/api/v1/teams", Body(new { name = "Команда" })),
            "updateTeam" => await Patch(
                http, $"/api/v1/teams/{await AlphaTeam(alpha)}", new { name = "Другая команда" }),
            "deleteTeam" => await http.DeleteAsync($"/api/v1/teams/{await AlphaTeam(alpha)}"),
            "addTeamMember" => await http.PutAsync(
                $"/api/v1/teams/{await AlphaTeam(alpha)}/members/{await AlphaColleague()}", null),
            "removeTeamMember" => await http.DeleteAsync(
                $"/api/v1/teams/{await AlphaTeam(alpha)}/members/{await AlphaColleague()}"),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };

        var expected = Expected[(actor, operation)];
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).Should().Be(Math.Abs(expected), "{0} {1}: {2}", actor, operation, body);
        if (operation == "getClientSegments" && expected == 200)
        {
            // Partner Alpha's two clients count for those who see them, and for nobody else.
            var total = JsonNode.Parse(body)!["total"]!.GetValue<int>();
            total.Should().Be(actor is TestActor.Admin or TestActor.Employee or TestActor.PartnerAlpha ? 2 : 0, "{0} counts only what it may see", actor);
        }

        if (operation == "getForecast" && Math.Abs(expected) == 200)
        {
            var open = JsonNode.Parse(body)!["months"]!.AsArray().Sum(m => m!["openDeals"]!.GetValue<int>());
            open.Should().Be(expected > 0 ? 1 : 0, "{0} forecasts only the deals it may read", actor);
        }

        if (operation == "listTickets")
        {
            var listed = JsonNode.Parse(body)!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>());
            listed.Contains(await AlphaTicket(alpha)).Should().Be(expected > 0, "{0} should {1}see Partner Alpha's ticket", actor, expected > 0 ? "" : "not ");
        }

        if (operation is "listClients" or "listLeads" or "listTasks" or "listDeals" or "listDocuments" or "listConsents"
            && Math.Abs(expected) == 200)
        {
            var listed = JsonNode.Parse(body)!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>());
            var alphaRecord = operation switch
            {
                "listClients" => Id(client), "listLeads" => Id(lead), "listDeals" => deal, "listDocuments" =>
                    await AlphaDocument(alpha),
                "listConsents" => await AlphaConsent(alpha, client), _ => await AlphaTask(alpha, client),
            };
            (listed.Contains(alphaRecord)).Should().Be(expected > 0, "{0} should {1}see Partner Alpha's record", actor, expected > 0 ? "" : "not ");
        }
    }

    [Fact]
    public void The_matrix_covers_every_operation_and_every_operation_has_a_permission_policy()
    {
        var endpoints = Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var unguarded = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Where(e => !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is not null && PermissionPolicies.Names.Contains(a.Policy)))
            .Select(e => e.DisplayName)
            .ToList();
        unguarded.Should().BeEmpty("every endpoint needs a permission policy or an explicit AllowAnonymous");

        var apiOperations = endpoints
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName)
            .ToHashSet();
        var covered = Expected.Keys.Select(k => k.Operation).ToHashSet();
        apiOperations.Should().BeEquivalentTo(covered, "a new operation must be added to the access matrix test");
        Expected.Keys.Select(k => k.Actor).Distinct().Should().BeEquivalentTo(Enum.GetValues<TestActor>());
    }

    /// <summary>The stream's status and problem, if any; an open stream is closed once its status is read (it never ends by itself).</summary>
    private static async Task<HttpResponseMessage> StreamHead(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        var body = response.StatusCode == HttpStatusCode.OK ? "" : await response.Content.ReadAsStringAsync();
        return new HttpResponseMessage(response.StatusCode) { Content = new StringContent(body) };
    }

    private const string SeededPipeline = "0192f0c1-0000-7000-8000-000000000701";

    /// <summary>The seeded pipeline's working stages, 1 to 4.</summary>
    private static string SeededStage(int position) => $"0192f0c1-0000-7000-8000-0000000007{position + 10}";

    private string? _alphaTask;

    private string? _alphaDocument;

    private string? _alphaTicket;

    private string? _chatLink;

    /// <summary>A ticket opened by Partner Alpha, once per test case.</summary>
    private async Task<string> AlphaTicket(HttpClient alpha) =>
        _alphaTicket ??= Id(await ExpectJson(await alpha.PostAsync("/api/v1/tickets", Body(new { subject = "Вопрос Альфы", category = "other", text = "Текст" })), HttpStatusCode.Created));

    /// <summary>A help chat link made by the admin, once per test case.</summary>
    private const string CustomFields = "/api/v1/custom-field-definitions";

    private static readonly object PartnersFieldBody = new
    {
        entity = "client", key = "partner_note", label = "Для партнёров", type = "text",
        visibleToKinds = new[] { "partner" },
    };

    private string? _partnersField;

    /// <summary>A custom field shown to partners' organizations only, made by the admin.</summary>
    private static readonly object CatalogueItemBody = new { name = "Пакет лидов", unitPrice = 25000 };

    private static readonly object InvoiceBody = new
    {
        organizationId = TestActors.FranchiseeOrganization,
        lines = new[] { new { description = "Пополнение баланса", unitPrice = 100 } },
    };

    /// <summary>A catalogue item head office added.</summary>
    private async Task<string> CatalogueItem() =>
        Id(
            await ExpectJson(
                await Http.PostAsync("/api/v1/catalogue-items", Body(CatalogueItemBody)),
                HttpStatusCode.Created
            )
        );

    private async Task<string> PartnersField()
    {
        using var admin = await Server.CreateHttpClientAsync(TestActor.Admin);
        return _partnersField ??= Id(await ExpectJson(await admin.PostAsync(CustomFields, Body(PartnersFieldBody)),
            HttpStatusCode.Created));
    }

    private async Task<string> SeededChatLink()
    {
        using var admin = await Server.CreateHttpClientAsync(TestActor.Admin);
        return _chatLink ??= Id(await ExpectJson(
            await admin.PostAsync("/api/v1/help/chat-links", Body(new { title = "Чат", url = "https://t.me/mak", audience = new[] { "partner" } })), HttpStatusCode.Created));
    }

    /// <summary>The caller's feed, issued first so that there is one to read.</summary>
    private static async Task<HttpResponseMessage> MyCalendarFeed(HttpClient http)
    {
        (await http.PostAsync("/api/v1/me/calendar-feed", null)).StatusCode.Should().Be(HttpStatusCode.Created);
        return await http.GetAsync("/api/v1/me/calendar-feed");
    }

    /// <summary>The path of Partner Alpha's calendar feed; whoever sends it, the token is the credential.</summary>
    private static async Task<string> AlphaCalendarFeed(HttpClient alpha) =>
        new Uri((await ExpectJson(await alpha.PostAsync("/api/v1/me/calendar-feed", null), HttpStatusCode.Created))["url"]!.GetValue<string>()).PathAndQuery;

    private string? _alphaWebhook;

    private string? _alphaReport;

    /// <summary>Partner Alpha's saved report, shared with nobody, made once per test case.</summary>
    private async Task<string> AlphaReport(HttpClient alpha) =>
        _alphaReport ??= Id(await ExpectJson(
            await alpha.PostAsync("/api/v1/reports/saved", Body(new { name = "Альфа", query = new { dataset = "leads", measures = new[] { new { op = "count" } } } })),
            HttpStatusCode.Created));

    private static MultipartFormDataContent ImportForm() => new()
    {
        { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes($"fullName,phone,source\r\nИмпорт,{UniquePhone()},partner\r\n")), "file", "clients.csv" },
        { new StringContent("clients"), "kind" },
    };

    /// <summary>Partner Alpha's own import (queued; nothing runs it here).</summary>
    /// <summary>An invitation into Partner Alpha's organization, made by its owner.</summary>
    private static async Task<string> AlphaInvitation(HttpClient alpha) =>
        Id(await ExpectJson(await alpha.PostAsync("/api/v1/invitations", Body(new { email = $"matrix-{Guid.NewGuid():N}@invited.example", fullName = "Коллега Альфы", role = "partner" })), HttpStatusCode.Created));

    private static MultipartFormDataContent DocumentForm() => new()
    {
        { new ByteArrayContent("%PDF-1.4\n%матрица\n"u8.ToArray()), "file", "matrix.pdf" },
        { new StringContent("scan"), "kind" },
    };

    /// <summary>A scan uploaded by Partner Alpha, once per test case.</summary>
    private (string Section, string Article, string Faq, string Attachment)? _knowledge;

    /// <summary>Head office's section, article and FAQ entry, published for admin, employee and partner, made once per test case.</summary>
    private async Task<(string Section, string Article, string Faq, string Attachment)> Knowledge()
    {
        if (_knowledge is { } made)
        {
            return made;
        }

        var roles = new[] { "admin", "employee", "partner" };
        var section = Id(await ExpectJson(await Http.PostAsync("/api/v1/knowledge/sections", Body(new { title = "Ипотека" })), HttpStatusCode.Created));
        var attachment = await Documents.DocumentForms.UploadPdfAsync(Http, "памятка.pdf");
        var article = Id(await ExpectJson(
            await Http.PostAsync("/api/v1/knowledge/articles", Body(new
            {
                sectionId = section, title = "Ипотека", body = "Как оформить.", status = "published", visibleToRoles = roles, attachmentIds = new[] { attachment },
            })),
            HttpStatusCode.Created));
        var faq = Id(await ExpectJson(
            await Http.PostAsync("/api/v1/knowledge/faq", Body(new { sectionId = section, question = "Что такое ипотека?", answer = "Кредит.", visibleToRoles = roles })),
            HttpStatusCode.Created));
        _knowledge = (section, article, faq, attachment);
        return _knowledge.Value;
    }

    private (string Course, string Lesson, string Assignment)? _course;

    /// <summary>Head office's published course (for admin, employee and partner) with a lesson and an assignment, made once per test case.</summary>
    private async Task<(string Course, string Lesson, string Assignment)> Course()
    {
        if (_course is { } made)
        {
            return made;
        }

        var course = Id(await ExpectJson(
            await Http.PostAsync("/api/v1/courses", Body(new { title = "Матрица", status = "published", audienceRoles = new[] { "admin", "employee", "partner" } })),
            HttpStatusCode.Created));
        var lesson = Id(await ExpectJson(
            await Http.PostAsync($"/api/v1/courses/{course}/lessons", Body(new { title = "Урок", kind = "video", videoUrl = "https://video.example/matrix" })), HttpStatusCode.Created));
        var assignment = Id(await ExpectJson(
            await Http.PostAsync($"/api/v1/courses/{course}/assignments", Body(new { title = "ДЗ", instructions = "Сделать", maxPoints = 5 })), HttpStatusCode.Created));
        _course = (course, lesson, assignment);
        return _course.Value;
    }

    private string? _alphaSubmission;

    /// <summary>Partner Alpha's homework for the matrix's course, once per test case.</summary>
    private async Task<string> AlphaSubmission()
    {
        if (_alphaSubmission is { } made)
        {
            return made;
        }

        var (course, _, assignment) = await Course();
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        _alphaSubmission = Id(await ExpectJson(
            await alpha.PostAsync($"/api/v1/courses/{course}/assignments/{assignment}/submissions", Body(new { text = "Ответ Альфы" })), HttpStatusCode.Created));
        return _alphaSubmission;
    }

    private static object TrainingEventBody => new
    {
        title = "Вебинар", startsAt = DateTimeOffset.UtcNow.AddDays(2), endsAt = DateTimeOffset.UtcNow.AddDays(2).AddHours(1), format = "online",
        url = "https://meet.example/matrix", capacity = 50, audienceRoles = new[] { "admin", "employee", "partner" },
    };

    private (string Id, string Code)? _trainingEvent;

    /// <summary>Head office's event for admin, employee and partner, with its check-in code, made once per test case.</summary>
    private async Task<(string Id, string Code)> TrainingEvent()
    {
        if (_trainingEvent is { } made)
        {
            return made;
        }

        var created = await ExpectJson(await Http.PostAsync("/api/v1/training-events", Body(TrainingEventBody)), HttpStatusCode.Created);
        _trainingEvent = (Id(created), created["checkInCode"]!.GetValue<string>());
        return _trainingEvent.Value;
    }

    /// <summary>Partner Alpha registered for the matrix's event; its user id.</summary>
    private async Task<Guid> AlphaRegistered()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        await ExpectJson(await alpha.PostAsync($"/api/v1/training-events/{(await TrainingEvent()).Id}/registration", null), HttpStatusCode.OK);
        return await Server.UserIdAsync(TestActor.PartnerAlpha);
    }

    /// <summary>The caller registers (where it may) and checks in with the event's code.</summary>
    private async Task<HttpResponseMessage> CheckIn(HttpClient http)
    {
        var (id, code) = await TrainingEvent();
        await http.PostAsync($"/api/v1/training-events/{id}/registration", null);
        return await http.PostAsync($"/api/v1/training-events/{id}/check-in", Body(new { code }));
    }

    private async Task<string> AlphaDocument(HttpClient alpha)
    {
        using var form = DocumentForm();
        return _alphaDocument ??= Id(await ExpectJson(await alpha.PostAsync("/api/v1/documents", form), HttpStatusCode.Created));
    }

    private async Task<string> AlphaImport(HttpClient alpha)
    {
        using var form = ImportForm();
        return Id(await ExpectJson(await alpha.PostAsync("/api/v1/imports", form), HttpStatusCode.Accepted));
    }

    /// <summary>Partner Alpha's webhook subscription (to a port nobody listens on), made once per test case.</summary>
    private async Task<string> AlphaWebhook(HttpClient alpha) =>
        _alphaWebhook ??= Id((await ExpectJson(
            await alpha.PostAsync("/api/v1/webhooks", Body(new { url = "http://127.0.0.1:9/alpha", eventTypes = new[] { "lead.created" } })),
            HttpStatusCode.Created))["subscription"]!.AsObject());

    /// <summary>A delivery of Alpha's subscription: its ping.</summary>
    private async Task<string> AlphaWebhookPing(HttpClient alpha) =>
        Id(await ExpectJson(await alpha.PostAsync($"/api/v1/webhooks/{await AlphaWebhook(alpha)}/ping", null), HttpStatusCode.OK));

    /// <summary>Partner Alpha's own task on its client, made once per test case.</summary>
    private async Task<string> AlphaTask(HttpClient alpha, JsonObject client) =>
        _alphaTask ??= Id(await ExpectJson(
            await alpha.PostAsync("/api/v1/tasks", Body(new { subjectType = "client", subjectId = Id(client), title = "Задача Альфы", dueAt = DateTimeOffset.UtcNow.AddDays(1) })),
            HttpStatusCode.Created));

    private const string Consents = "/api/v1/consents";

    private string? _alphaConsent;

    private static object ConsentBody(JsonObject client) => new
    {
        clientId = Id(client), purpose = "personal_data_processing", textVersion = "2026-11",
        givenAt = DateTimeOffset.UtcNow.AddMinutes(-1), source = "form",
    };

    /// <summary>Partner Alpha's consent of its client to the processing of its data, once per test case.</summary>
    private async Task<string> AlphaConsent(HttpClient alpha, JsonObject client) =>
        _alphaConsent ??= Id(
            await ExpectJson(await alpha.PostAsync(Consents, Body(ConsentBody(client))), HttpStatusCode.Created));

    /// <summary>The consents of Alpha's client, which has one.</summary>
    private async Task<HttpResponseMessage> ListAlphasConsents(HttpClient http, HttpClient alpha, JsonObject client)
    {
        await AlphaConsent(alpha, client);
        return await http.GetAsync($"{Consents}?clientId={Id(client)}");
    }

    /// <summary>The check of the processing consent of Alpha's client, which has a live one.</summary>
    private async Task<HttpResponseMessage> CheckAlphasConsent(HttpClient http, HttpClient alpha, JsonObject client)
    {
        await AlphaConsent(alpha, client);
        return await http.GetAsync($"/api/v1/consent-checks?clientId={Id(client)}&purpose=personal_data_processing");
    }

    /// <summary>A notification of Partner Alpha's user: head office gives them a task.</summary>
    private async Task<string> AlphaNotification(JsonObject client)
    {
        var alphaUser = await Server.WithServicesAsync(async services =>
            (await services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<MakCrm.Infrastructure.Identity.MakUser>>().FindByEmailAsync(TestActor.PartnerAlpha.Email()))!.Id);
        await ExpectJson(
            await Http.PostAsync("/api/v1/tasks", Body(new { subjectType = "client", subjectId = Id(client), title = "От головного офиса", assigneeUserId = alphaUser, dueAt = DateTimeOffset.UtcNow.AddDays(1) })),
            HttpStatusCode.Created);
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var inbox = await ExpectJson(await alpha.GetAsync("/api/v1/notifications"), HttpStatusCode.OK);
        return Id(inbox["items"]!.AsArray()[0]!.AsObject());
    }

    /// <summary>Partner Alpha's lead, put up by head office; with the matrix's franchisee able to pay for a bid when asked.</summary>
    private async Task<string> AlphaLot(JsonObject lead, bool fundFranchisee = false)
    {
        if (fundFranchisee)
        {
            await FranchiseeDeposit();
        }

        var lot = await Http.PostAsync("/api/v1/lots", Body(new { leadId = Id(lead), startPrice = 1000, minStep = 100, endsAt = DateTimeOffset.UtcNow.AddHours(1) }));
        return Id(await ExpectJson(lot, HttpStatusCode.Created));
    }

    private async Task<string> FranchiseeDeposit() =>
        Id(await ExpectJson(
            await Http.PostAsync("/api/v1/ledger/deposits", Body(new { organizationId = TestActors.FranchiseeOrganization, amount = 1000, comment = "Пополнение" })),
            HttpStatusCode.Created));

    /// <summary>A lead head office sold to the franchisee (moved to it and charged, as the auction will).</summary>
    private async Task<string> FranchiseesLead()
    {
        var client = await ExpectJson(await Http.PostAsync("/api/v1/clients", Body(new { fullName = "Клиент аукциона", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created);
        var lead = Id(await ExpectJson(await Http.PostAsync("/api/v1/leads", Body(new { clientId = Id(client), requestedAmount = 300000, product = "consumer", status = "auction" })), HttpStatusCode.Created));
        await Purchases.BuyAsync(Server, Guid.Parse(lead), TestActors.FranchiseeOrganization, 1500m);
        return lead;
    }

    /// <summary>The franchisee's return of a lead it bought, waiting for a decision.</summary>
    private async Task<string> FranchiseesReturn()
    {
        var lead = await FranchiseesLead();
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        return Id(await ExpectJson(await franchisee.PostAsync($"/api/v1/leads/{lead}/returns", Body(new { reason = "duplicate" })), HttpStatusCode.Created));
    }

    /// <summary>A team of Partner Alpha's organization, made by its owner.</summary>
    private static async Task<string> AlphaTeam(HttpClient alpha) =>
        Id(await ExpectJson(
            await alpha.PostAsync("/api/v1/teams", Body(new { name = "Команда Альфы" })),
            HttpStatusCode.Created));

    /// <summary>A new partner user of Partner Alpha's organization, whom its owner manages.</summary>
    private async Task<Guid> AlphaColleague() =>
        (await Server.CreateUserAsync($"colleague-{Guid.NewGuid():N}@test.mak", MakCrm.Domain.Access.Roles.Partner, TestActors.PartnerAlphaOrganization)).Id;

    private async Task<string> PendingOrganization()
    {
        var response = await Anonymous.PostAsync("/api/v1/registrations", Body(new
        {
            kind = "franchisee", companyName = "ИП Ожидающий", legalForm = "ip", inn = "500100732259", contactPhone = UniquePhone(),
            contactEmail = $"pending-{Guid.NewGuid():N}@franchise.example", fullName = "Ожидающий Олег", password = "Pending-Password-2026",
        }));
        return Id(await ExpectJson(response, HttpStatusCode.Created));
    }

    /// <summary>A host Partner Alpha's organization holds, claimed by the admin.</summary>
    private async Task<string> AlphaHost()
    {
        const string host = "alpha.matrix.example";
        var response = await Http.PostAsync($"/api/v1/organizations/{TestActors.PartnerAlphaOrganization}/hosts", Body(new { host }));
        response.IsSuccessStatusCode.Should().BeTrue();
        return host;
    }

    /// <summary>An organization of its own (organizations outlive a test), blocked or in the trash as asked, by the admin.</summary>
    private static int _gradeRank;

    /// <summary>A rank no other grade of the test has (ranks are unique per kind).</summary>
    private static int NextGradeRank() => Interlocked.Increment(ref _gradeRank) % 1000;

    /// <summary>A grade of the table, made by the admin for a call to change.</summary>
    private async Task<string> SpareGrade()
    {
        var response = await Http.PostAsync("/api/v1/grades", Body(new
        {
            organizationKind = "franchisee", code = $"s{Guid.NewGuid():N}"[..20], name = "Запасной", rank = NextGradeRank(), basis = "issued_volume",
            threshold = 100, periodMonths = 1,
        }));
        return Id(await ExpectJson(response, HttpStatusCode.Created));
    }

    private async Task<Guid> SpareOrganization(bool blocked = false, bool inTrash = false)
    {
        var id = await Server.CreateOrganizationAsync(MakCrm.Domain.Organizations.OrganizationKind.Partner, "Запасная организация");
        if (blocked)
        {
            (await Http.PostAsync($"/api/v1/organizations/{id}/block", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        if (inTrash)
        {
            (await Http.DeleteAsync($"/api/v1/organizations/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        return id;
    }

    private async Task<string> RegisteredClient()
    {
        var clientId = $"matrix-{Guid.NewGuid():N}";
        await RegisterApiClient(clientId, "matrix-secret", TestActors.PartnerAlphaOrganization, ["leads.write"]);
        return clientId;
    }

    /// <summary>A bonus head office gave Alpha's organization: a commission entry of Alpha's.</summary>
    private async Task<string> AlphaBonus() =>
        Id(await ExpectJson(
            await Http.PostAsync("/api/v1/commission-bonuses", Body(new { organizationId = TestActors.PartnerAlphaOrganization, amount = 500m, reason = "Бонус Альфы" })),
            HttpStatusCode.Created));

    private static Task<HttpResponseMessage> Patch(HttpClient http, string url, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = new StringContent(Json(body), System.Text.Encoding.UTF8, "application/merge-patch+json") };
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        return http.SendAsync(request);
    }

    private static Task<HttpResponseMessage> IfMatched(HttpClient http, HttpMethod method, string url, object? body = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : Body(body) };
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        return http.SendAsync(request);
    }

    /// <summary>A one-line sanctions list under a version of its own.</summary>
    private static MultipartFormDataContent SanctionsListForm() => new()
    {
        { new StringContent("fullName;birthDate\nМатрицын Макс;01.01.1970\n"), "file", "list.csv" },
        { new StringContent($"matrix-{Guid.NewGuid():N}"), "version" },
    };

    private const string Incidents = "/api/v1/personal-data-incidents";

    private const string SubjectRequests = "/api/v1/subject-requests";

    private const string AutomationRules = "/api/v1/automation-rules";

    private static object AutomationRuleBody => new
    {
        name = "Звонок по новому лиду",
        trigger = new { type = "lead_created" },
        actions = new[] { new { type = "create_task", title = "Позвонить", assignee = "round_robin" } },
    };

    private const string SalesTargets = "/api/v1/sales-targets";

    /// <summary>A target for a new colleague of Alpha in a random month: no actor's is a duplicate.</summary>
    private async Task<object> SalesTargetBody() => new
    {
        organizationId = TestActors.PartnerAlphaOrganization,
        userId = await AlphaColleague(),
        month = $"{Random.Shared.Next(2040, 2100)}-{Random.Shared.Next(1, 13):00}",
        amount = 1_000_000m,
    };

    private const string CreditProgrammes = "/api/v1/credit-programmes";

    private static object CreditProgrammeBody => new
    {
        bankCode = "sberbank", name = "Матрица", product = "consumer", rateMin = 9.9m, rateMax = 19.9m,
        effectiveFrom = Today, commissionPercent = 1.5m,
    };

    private static object IncidentBody => new
    {
        title = "Утечка",
        description = "Выгрузка ушла на чужой адрес.",
        detectedAt = DateTimeOffset.UtcNow.AddHours(-1),
        windowFrom = DateTimeOffset.UtcNow.AddDays(-1),
    };

    private static string Today => DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static object LoanIssue => new { issuedOn = Today, amount = 500000, bankCode = "sberbank", product = "auto", termMonths = 36 };

    private static Task<HttpResponseMessage> Put(HttpClient http, string url, object body) => http.PutAsync(url, Body(body));

    private static readonly object[] PointRules =
    [
        new { kind = "lead_submitted", points = 10, dailyCap = (int?)null }, new { kind = "loan_issued", points = 50, dailyCap = (int?)null },
        new { kind = "lesson_completed", points = 5, dailyCap = (int?)null }, new { kind = "homework_accepted", points = 10, dailyCap = (int?)null },
        new { kind = "event_attended", points = 10, dailyCap = (int?)null }, new { kind = "referral_activated", points = 100, dailyCap = (int?)null },
    ];

    private static Task<HttpResponseMessage> PutIfMatch(HttpClient http, string url, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = Body(body) };
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        return http.SendAsync(request);
    }
}
