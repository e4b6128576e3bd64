namespace MakCrm.Domain.Common;

/// <summary>The stable error codes of the public contract (api-spec/openapi.yaml, schema Problem).</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string MalformedJson = "malformed_json";
    public const string NotFound = "not_found";
    public const string ClientHasLeads = "client_has_leads";
    public const string LeadStatusTransitionNotAllowed = "lead_status_transition_not_allowed";
    public const string LeadStatusInUse = "lead_status_in_use";
    public const string LeadStatusCodeTaken = "lead_status_code_taken";
    public const string PipelineHasDeals = "pipeline_has_deals";
    public const string StageHasDeals = "stage_has_deals";
    public const string SystemStageProtected = "system_stage_protected";
    public const string DuplicateLead = "duplicate_lead";
    public const string ClientSourceExists = "client_source_exists";
    public const string OrganizationNotPending = "organization_not_pending";
    public const string EmailTaken = "email_taken";
    public const string TwoFactorAlreadyEnabled = "two_factor_already_enabled";
    public const string TwoFactorNotEnabled = "two_factor_not_enabled";
    public const string AccountLocked = "account_locked";
    public const string PreconditionFailed = "precondition_failed";
    public const string PreconditionRequired = "precondition_required";
    public const string Conflict = "conflict";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string InvalidCursor = "invalid_cursor";
    public const string BadRequest = "bad_request";
    public const string InternalError = "internal_error";
    public const string ServiceUnavailable = "service_unavailable";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string StepUpRequired = "step_up_required";
    public const string TooManyRequests = "too_many_requests";

    // Lead auction (issue 5, engineer A).
    public const string LotAlreadyOpen = "lot_already_open";
    public const string LotNotStarted = "lot_not_started";
    public const string LotEnded = "lot_ended";
    public const string LotNotEligible = "lot_not_eligible";
    public const string BidTooLow = "bid_too_low";
    public const string InsufficientBalance = "insufficient_balance";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    // Issue 5, ledger and lead returns.
    public const string OrganizationNotFranchisee = "organization_not_franchisee";
    public const string LeadNotReturnable = "lead_not_returnable";
    public const string ReturnPeriodExpired = "return_period_expired";
    public const string LeadReturnOpen = "lead_return_open";
    public const string LeadReturnDecided = "lead_return_decided";
}
