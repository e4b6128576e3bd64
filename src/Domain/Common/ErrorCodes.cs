using System.Collections.Frozen;
using System.Reflection;

namespace MakCrm.Domain.Common;

/// <summary>
/// The error catalogue: the stable codes of the public contract (api-spec/openapi.yaml, schema Problem), each declared
/// once with the title its problems carry. <see cref="Titles"/> is read from these declarations once.
/// </summary>
public static class ErrorCodes
{
    [Title("The request is invalid.")]
    public const string ValidationFailed = "validation_failed";

    [Title("The request body is not valid JSON.")]
    public const string MalformedJson = "malformed_json";

    [Title("The resource was not found.")]
    public const string NotFound = "not_found";

    [Title("The client still has leads.")]
    public const string ClientHasLeads = "client_has_leads";

    [Title("The lead's status does not allow this change.")]
    public const string LeadStatusTransitionNotAllowed = "lead_status_transition_not_allowed";

    [Title("The lead status is in use.")]
    public const string LeadStatusInUse = "lead_status_in_use";

    [Title("The lead status code is taken.")]
    public const string LeadStatusCodeTaken = "lead_status_code_taken";

    [Title("The pipeline still has deals.")]
    public const string PipelineHasDeals = "pipeline_has_deals";

    [Title("The stage still has deals.")]
    public const string StageHasDeals = "stage_has_deals";

    [Title("The won and lost stages cannot be changed this way.")]
    public const string SystemStageProtected = "system_stage_protected";

    [Title("The lead repeats an open lead.")]
    public const string DuplicateLead = "duplicate_lead";

    [Title("The client source exists already.")]
    public const string ClientSourceExists = "client_source_exists";

    [Title("The organization's registration was decided already.")]
    public const string OrganizationNotPending = "organization_not_pending";

    [Title("The register found the organization not active.")]
    public const string OrganizationRegistrationNotActive = "organization_registration_not_active";

    [Title("The organization's profile has no ОГРН and no ИНН to check.")]
    public const string OrganizationRegistrationNumberMissing = "organization_registration_number_missing";

    [Title("The e-mail address is taken.")]
    public const string EmailTaken = "email_taken";

    [Title("Two-factor authentication is on already.")]
    public const string TwoFactorAlreadyEnabled = "two_factor_already_enabled";

    [Title("Two-factor authentication is not on.")]
    public const string TwoFactorNotEnabled = "two_factor_not_enabled";

    [Title("The account is locked.")]
    public const string AccountLocked = "account_locked";

    [Title("The resource has changed.")]
    public const string PreconditionFailed = "precondition_failed";

    [Title("If-Match is required.")]
    public const string PreconditionRequired = "precondition_required";

    [Title("A concurrent request got there first.")]
    public const string Conflict = "conflict";

    [Title("The request body is too large.")]
    public const string PayloadTooLarge = "payload_too_large";

    [Title("The request body's content type is not supported here.")]
    public const string UnsupportedMediaType = "unsupported_media_type";

    [Title("The resource does not support this method.")]
    public const string MethodNotAllowed = "method_not_allowed";

    [Title("The cursor is not valid.")]
    public const string InvalidCursor = "invalid_cursor";

    [Title("The request is invalid.")]
    public const string BadRequest = "bad_request";

    [Title("Something went wrong on our side.")]
    public const string InternalError = "internal_error";

    [Title("The service is unavailable for a moment.")]
    public const string ServiceUnavailable = "service_unavailable";

    [Title("Authentication is required.")]
    public const string Unauthorized = "unauthorized";

    [Title("The operation is not allowed.")]
    public const string Forbidden = "forbidden";

    [Title("A recent two-factor sign-in is required.")]
    public const string StepUpRequired = "step_up_required";

    [Title("Too many requests.")]
    public const string TooManyRequests = "too_many_requests";

    // The lead auction.
    [Title("The lead is already up for auction.")]
    public const string LotAlreadyOpen = "lot_already_open";

    [Title("The lot does not take bids yet.")]
    public const string LotNotStarted = "lot_not_started";

    [Title("The lot has ended.")]
    public const string LotEnded = "lot_ended";

    [Title("The lot is not open to this bidder.")]
    public const string LotNotEligible = "lot_not_eligible";

    [Title("The bid is too low.")]
    public const string BidTooLow = "bid_too_low";

    [Title("The balance is too low.")]
    public const string InsufficientBalance = "insufficient_balance";

    // The ledger and lead returns.
    [Title("The organization is not a franchisee.")]
    public const string OrganizationNotFranchisee = "organization_not_franchisee";

    [Title("The lead cannot be returned.")]
    public const string LeadNotReturnable = "lead_not_returnable";

    [Title("The return period has passed.")]
    public const string ReturnPeriodExpired = "return_period_expired";

    [Title("The lead has an open return.")]
    public const string LeadReturnOpen = "lead_return_open";

    [Title("The return was decided already.")]
    public const string LeadReturnDecided = "lead_return_decided";

    // People and organizations.
    [Title("The role is not allowed here.")]
    public const string RoleNotAllowed = "role_not_allowed";

    [Title("The caller's role may not put a lead into this status.")]
    public const string LeadStatusRoleNotAllowed = "lead_status_role_not_allowed";

    // E-mail, invitations and passwords.
    [Title("The link is not valid.")]
    public const string InvalidToken = "invalid_token";

    [Title("The invitation is not pending.")]
    public const string InvitationNotPending = "invitation_not_pending";

    [Title("A different invitation to this e-mail is pending.")]
    public const string InvitationPending = "invitation_pending";

    [Title("The current password is wrong.")]
    public const string InvalidCurrentPassword = "invalid_current_password";

    // Users and sessions.
    [Title("You cannot manage your own account this way.")]
    public const string CannotManageOneself = "cannot_manage_oneself";

    // Organizations: standing, trash and hosts.
    [Title("Head office cannot be blocked or deleted.")]
    public const string HeadOfficeProtected = "head_office_protected";

    [Title("The organization is not active.")]
    public const string OrganizationNotActive = "organization_not_active";

    [Title("The organization is not blocked.")]
    public const string OrganizationNotBlocked = "organization_not_blocked";

    [Title("The organization is not in the trash.")]
    public const string OrganizationNotInTrash = "organization_not_in_trash";

    [Title("The organization still has records.")]
    public const string OrganizationNotEmpty = "organization_not_empty";

    [Title("The host name is claimed already.")]
    public const string HostTaken = "host_taken";

    // Idempotency
    [Title("The Idempotency-Key was used for a different request.")]
    public const string IdempotencyKeyReused = "idempotency_key_reused";

    [Title("A request with this Idempotency-Key is in progress.")]
    public const string IdempotencyKeyInUse = "idempotency_key_in_use";

    [Title("The Idempotency-Key is not valid.")]
    public const string IdempotencyKeyInvalid = "idempotency_key_invalid";

    [Title("This operation does not take an Idempotency-Key.")]
    public const string IdempotencyKeyNotAccepted = "idempotency_key_not_accepted";

    // Lead-platform intake.
    [Title("The external reference is used already.")]
    public const string ExternalRefTaken = "external_ref_taken";

    // Events.
    [Title("The event cursor is older than the events kept.")]
    public const string EventCursorExpired = "event_cursor_expired";

    // The live stream.
    [Title("Too many streams are open.")]
    public const string StreamLimitReached = "stream_limit_reached";

    // Outgoing webhooks.
    [Title("The webhook subscription is disabled.")]
    public const string WebhookSubscriptionDisabled = "webhook_subscription_disabled";

    // The report builder.
    [Title("The report query is not valid.")]
    public const string ReportQueryInvalid = "report_query_invalid";

    [Title("The report would read a dataset the caller may not read.")]
    public const string ReportDatasetForbidden = "report_dataset_forbidden";

    [Title("The report took too long to compute.")]
    public const string ReportTooExpensive = "report_too_expensive";

    [Title("The export has too many rows for a PDF.")]
    public const string TooManyRowsForPdf = "too_many_rows_for_pdf";

    [Title("The saved report names a field the catalogue no longer has.")]
    public const string ReportFieldRemoved = "report_field_removed";

    // Dashboards.
    [Title("The dashboard is not meant for the caller.")]
    public const string DashboardForbidden = "dashboard_forbidden";

    // The document store.
    [Title("A generated document cannot be deleted.")]
    public const string DocumentGenerated = "document_generated";

    [Title("The document was uploaded, not generated from a template.")]
    public const string DocumentNotGenerated = "document_not_generated";

    // Document templates.
    [Title("The document template does not compile or does not render well-formed XHTML.")]
    public const string DocumentTemplateInvalid = "document_template_invalid";

    [Title("The document template uses a field, helper or partial its documents do not have.")]
    public const string DocumentTemplateUnknownField = "document_template_unknown_field";

    // Partner money: banks, issued loans, commissions.
    [Title("The bank exists already.")]
    public const string BankExists = "bank_exists";

    [Title("The deal's loan is issued already.")]
    public const string LoanAlreadyIssued = "loan_already_issued";

    [Title("The deal has no issued loan to cancel.")]
    public const string LoanNotIssued = "loan_not_issued";

    // The Telegram bot's API side: linking accounts and groups.
    [Title("The link code is not valid.")]
    public const string TelegramLinkCodeInvalid = "telegram_link_code_invalid";

    // Commission rules and the commission ledger.
    [Title("A commission rule for this subject from this date exists already.")]
    public const string CommissionRuleExists = "commission_rule_exists";

    [Title("The commission rule would reach loans that accrued commissions already.")]
    public const string CommissionRuleReachesAccruals = "commission_rule_reaches_accruals";

    [Title("No commission rule is in force for the bank and product.")]
    public const string CommissionRulesMissing = "commission_rules_missing";

    [Title("The organization cannot receive a commission bonus.")]
    public const string CommissionBonusNotReceivable = "commission_bonus_not_receivable";

    [Title("A settlement act holds the commission bonus.")]
    public const string CommissionBonusSettled = "commission_bonus_settled";

    // Settlement acts.
    [Title("There is nothing to settle.")]
    public const string SettlementNothingToPay = "settlement_nothing_to_pay";

    [Title("The act is not in a state that allows this.")]
    public const string SettlementActState = "settlement_act_state";

    [Title("The acceptance code is wrong or has expired.")]
    public const string SettlementAcceptanceCodeInvalid = "settlement_acceptance_code_invalid";

    [Title("The payout does not match the act.")]
    public const string SettlementPayoutMismatch = "settlement_payout_mismatch";

    [Title("A self-employed partner's payout needs its «Мой налог» receipt.")]
    public const string SettlementReceiptRequired = "settlement_receipt_required";

    // Document generation.
    [Title("The document could not be rendered.")]
    public const string DocumentRenderingFailed = "document_rendering_failed";

    [Title("An organization's requisites are incomplete.")]
    public const string RequisitesIncomplete = "requisites_incomplete";

    // Help: support tickets, chat links, calendar feeds.
    [Title("The ticket's status cannot change that way.")]
    public const string TicketStatusChangeNotAllowed = "ticket_status_change_not_allowed";

    [Title("The ticket is closed.")]
    public const string TicketClosed = "ticket_closed";

    // Partner money: the referral program and grades.
    [Title("The referral code names no active partner or franchisee.")]
    public const string ReferralCodeUnknown = "referral_code_unknown";

    [Title("An organization cannot refer itself.")]
    public const string ReferralSelf = "referral_self";

    [Title("The referral chain would loop.")]
    public const string ReferralCycle = "referral_cycle";

    [Title("The organization does not take part in the referral program.")]
    public const string ReferralNotAllowed = "referral_not_allowed";

    [Title("Only partners and franchisees have grades.")]
    public const string OrganizationNotGraded = "organization_not_graded";

    [Title("The grade exists already.")]
    public const string GradeExists = "grade_exists";

    // Training: homework and events.
    [Title("The homework was already submitted and waits for review or was accepted.")]
    public const string HomeworkResubmissionNotAllowed = "homework_resubmission_not_allowed";

    [Title("The homework submission was already decided.")]
    public const string HomeworkAlreadyDecided = "homework_already_decided";

    [Title("The training event is full.")]
    public const string TrainingEventFull = "training_event_full";

    [Title("Registration for the training event is closed.")]
    public const string TrainingEventRegistrationClosed = "training_event_registration_closed";

    [Title("The caller is not registered for the training event.")]
    public const string TrainingEventNotRegistered = "training_event_not_registered";

    [Title("The check-in code is wrong.")]
    public const string CheckInCodeInvalid = "check_in_code_invalid";

    // Knowledge base.
    [Title("The knowledge-base section still has articles or FAQ entries.")]
    public const string KnowledgeSectionNotEmpty = "knowledge_section_not_empty";

    // Custom fields.
    [Title("The entity has a custom field with this key already.")]
    public const string CustomFieldExists = "custom_field_exists";

    [Title("A key is not a custom field of the record that the caller sees.")]
    public const string CustomFieldUnknown = "custom_field_unknown";

    [Title("The entity has as many sortable custom fields as it may have.")]
    public const string CustomFieldSortableLimit = "custom_field_sortable_limit";

    // Sales targets.
    [Title("The organization or user has a target for the month already.")]
    public const string SalesTargetExists = "sales_target_exists";

    // Consents.
    [Title("The client has no live consent for the purpose.")]
    public const string ConsentRequired = "consent_required";

    // Subject requests.
    [Title("The subject request's status does not allow this.")]
    public const string SubjectRequestState = "subject_request_state";

    [Title("The verification code is wrong, used or expired.")]
    public const string SubjectRequestCodeInvalid = "subject_request_code_invalid";

    [Title("The client has no contact on record to send a code to.")]
    public const string SubjectContactMissing = "subject_contact_missing";

    // amoCRM.
    [Title("amoCRM refused the token.")]
    public const string AmoCrmTokenRefused = "amocrm_token_refused";

    [Title("The amoCRM account is blocked.")]
    public const string AmoCrmAccountBlocked = "amocrm_account_blocked";

    [Title("The amoCRM account could not be reached.")]
    public const string AmoCrmUnreachable = "amocrm_unreachable";

    [Title("An amoCRM account is already connected.")]
    public const string AmoCrmAlreadyConnected = "amocrm_already_connected";

    [Title("The OAuth state is unknown, expired, used or another user's.")]
    public const string AmoCrmOAuthStateInvalid = "amocrm_oauth_state_invalid";

    [Title("An import of the amoCRM account is already queued or running.")]
    public const string AmoCrmImportRunning = "amocrm_import_running";

    [Title("The amoCRM account has no saved mapping.")]
    public const string AmoCrmMappingMissing = "amocrm_mapping_missing";

    [Title("The invoice's status does not allow this.")]
    public const string InvoiceState = "invoice_state";

    [Title("The payment is more than the invoice's amount due.")]
    public const string PaymentExceedsAmountDue = "payment_exceeds_amount_due";

    [Title("The credit programme is archived, not in force, or of another bank or product.")]
    public const string CreditProgrammeNotApplicable = "credit_programme_not_applicable";

    [Title("The automation rule's trigger, condition or actions do not hold together.")]
    public const string AutomationRuleInvalid = "automation_rule_invalid";

    [Title("The client is under a legal hold already.")]
    public const string LegalHoldExists = "legal_hold_exists";

    [Title("The lead's client lacks a recent clear check that head office requires.")]
    public const string BorrowerCheckRequired = "borrower_check_required";

    [Title("The amoCRM sync is started already.")]
    public const string AmoCrmSyncRunning = "amocrm_sync_running";

    /// <summary>Every code with its title.</summary>
    public static FrozenDictionary<string, string> Titles { get; } =
        typeof(ErrorCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .ToFrozenDictionary(
                f => (string)f.GetRawConstantValue()!,
                f =>
                    f.GetCustomAttribute<TitleAttribute>()?.Text
                    ?? throw new InvalidOperationException($"The error code {f.Name} has no title."),
                StringComparer.Ordinal
            );

    /// <summary>The short, human-readable summary of every problem with the code it marks.</summary>
    [AttributeUsage(AttributeTargets.Field)]
    private sealed class TitleAttribute(string text) : Attribute
    {
        public string Text { get; } = text;
    }
}
