using MakCrm.Domain.Auction;
using MakCrm.Domain.Commissions;
using MakCrm.Domain.CustomFields;
using MakCrm.Domain.Pipelines;
using MakCrm.Infrastructure.CustomFields;
using MakCrm.Infrastructure.Persistence.RawSql;

namespace MakCrm.Infrastructure.Reports;

/// <summary>
/// The SQL of each dataset of the report catalogue (Domain/Reports): its FROM with the fixed joins, the condition
/// for live rows, the column that scopes it to an organization, and one expression per field; for a dataset of rows
/// with a responsible user, the condition that keeps the rows of the responsibles a visibility leaves
/// (<see cref="ReportSource.Responsible"/>, the array parameter standing as <c>{0}</c>). These are constants of
/// the code: a query picks entries by key and never adds text of its own. An integration test runs every catalogue
/// field through them against the migrated schema.
/// </summary>
internal sealed record ReportSource(
    string From,
    string Live,
    string OrganizationColumn,
    IReadOnlyDictionary<string, string> Fields
)
{
    /// <summary>The condition on the responsibles' ids (<c>{0}</c>, a <c>uuid[]</c> parameter); <c>null</c> for a
    /// dataset whose rows have no responsible, which a visibility does not narrow.</summary>
    public string? Responsible { get; init; }

    /// <summary>The row's client id, whose personal data the dataset's personal fields are; <c>null</c> for a dataset
    /// without personal fields.</summary>
    public string? Client { get; init; }

    /// <summary>The <c>custom_fields</c> column of each record whose custom fields the dataset carries
    /// (<see cref="Domain.Reports.ReportDataset.CustomFieldSources"/>).</summary>
    public IReadOnlyDictionary<CustomFieldEntity, string> CustomFields { get; init; } =
        new Dictionary<CustomFieldEntity, string>();

    /// <summary>
    /// The SQL of a custom field: its value under the key (a quoted literal of a definition's key, which is only
    /// lowercase letters, digits and underscores), read by the lists' expression (<see cref="CustomFieldQueries"/>), in
    /// the type's form. A value not of the type's JSON form reads as
    /// empty; a date is the instant its day starts in UTC, as <c>loanIssuedOn</c> is; a multiselect is its options
    /// joined by <c>", "</c>.
    /// </summary>
    public string CustomField(Domain.Reports.ReportCustomField field)
    {
        if (!CustomFieldDefinition.IsValidKey(field.Key))
        {
            throw new InvalidOperationException($"'{field.Key}' is not a custom field key.");
        }

        var json = $"{CustomFieldQueries.ValueFunction}({CustomFields[field.Entity]}, '{field.Key}')";
        var text = $"({json} #>> '{{}}')";
        return field.Type switch
        {
            CustomFieldType.Number or CustomFieldType.Money =>
                $"(CASE WHEN jsonb_typeof({json}) = 'number' THEN {text}::numeric END)",
            CustomFieldType.Boolean => $"(CASE WHEN jsonb_typeof({json}) = 'boolean' THEN {text}::boolean END)",
            CustomFieldType.Date =>
                $"(CASE WHEN {text} ~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$' THEN {text}::date::timestamp "
                    + "AT TIME ZONE 'UTC' END)",
            CustomFieldType.Multiselect =>
                $"(CASE WHEN jsonb_typeof({json}) = 'array' THEN array_to_string(ARRAY(SELECT "
                    + $"jsonb_array_elements_text({json})), ', ') END)",
            _ => $"(CASE WHEN jsonb_typeof({json}) = 'string' THEN {text} END)",
        };
    }
}

internal static class ReportSources
{
    private static readonly Dictionary<string, string> OrganizationOf = new()
    {
        ["organizationId"] = "o.id",
        ["organizationName"] = "o.name",
        ["organizationKind"] = "o.kind",
    };

    public static IReadOnlyDictionary<string, ReportSource> All { get; } =
        new Dictionary<string, ReportSource>(StringComparer.Ordinal)
        {
            ["leads"] = new(
                """
                leads l
                JOIN clients c ON c.id = l.client_id
                LEFT JOIN client_sources s ON s.code = c.source
                LEFT JOIN lead_statuses ls ON ls.code = l.status
                JOIN organizations o ON o.id = l.organization_id
                LEFT JOIN users u ON u.id = l.responsible_user_id
                """,
                "l.deleted_at IS NULL",
                "l.organization_id",
                With(
                    new()
                    {
                        ["id"] = "l.id",
                        ["status"] = "l.status",
                        ["statusKind"] = "ls.kind",
                        ["product"] = "l.product",
                        ["requestedAmount"] = "l.requested_amount",
                        ["isDuplicate"] = "(l.duplicate_of_lead_id IS NOT NULL)",
                        ["createdAt"] = "l.created_at",
                        ["updatedAt"] = "l.updated_at",
                        ["clientName"] = "c.full_name",
                        ["clientPhone"] = "c.phone",
                        ["clientEmail"] = "c.email",
                        ["clientCity"] = "c.city",
                        ["source"] = "c.source",
                        ["sourceName"] = "s.name",
                        ["processingMethod"] = "c.processing_method",
                        ["responsibleUserId"] = "l.responsible_user_id",
                        ["responsibleName"] = "u.full_name",
                        ["hasDeal"] =
                            "EXISTS (SELECT 1 FROM deals hd WHERE hd.lead_id = l.id AND hd.deleted_at IS NULL)",
                        ["hasWonDeal"] = WonDealOf("EXISTS (SELECT 1", ")"),
                        ["wonAmount"] = WonDealOf("(SELECT sum(wd.amount)", ")"),
                        ["hasIssuedLoan"] = IssuedLoanOf("EXISTS (SELECT 1", ")"),
                        ["issuedAmount"] = IssuedLoanOf("(SELECT sum(il.loan_amount)", ")"),
                        ["bought"] =
                            "EXISTS (SELECT 1 FROM lots bl WHERE bl.lead_id = l.id"
                            + $" AND bl.outcome = {EnumLiterals.Of(LotOutcome.Sold)} AND bl.deleted_at IS NULL)",
                    }
                )
            )
            {
                Responsible = "l.responsible_user_id = ANY({0})",
                Client = "l.client_id",
                CustomFields = new Dictionary<CustomFieldEntity, string>
                {
                    [CustomFieldEntity.Lead] = "l.custom_fields",
                    [CustomFieldEntity.Client] = "c.custom_fields",
                },
            },
            ["deals"] = new(
                """
                deals d
                LEFT JOIN clients c ON c.id = d.client_id
                LEFT JOIN pipelines p ON p.id = d.pipeline_id
                LEFT JOIN pipeline_stages st ON st.id = d.stage_id
                JOIN organizations o ON o.id = d.organization_id
                LEFT JOIN users u ON u.id = d.responsible_user_id
                """,
                "d.deleted_at IS NULL",
                "d.organization_id",
                With(
                    new()
                    {
                        ["id"] = "d.id",
                        ["title"] = "d.title",
                        ["amount"] = "d.amount",
                        ["bank"] = "d.bank",
                        ["product"] = "d.product",
                        ["pipelineName"] = "p.name",
                        ["stageName"] = "st.name",
                        ["stageKind"] = "st.kind",
                        ["isClosed"] = "(d.closed_at IS NOT NULL)",
                        ["closedAt"] = "d.closed_at",
                        ["createdAt"] = "d.created_at",
                        ["clientName"] = "c.full_name",
                        ["clientCity"] = "c.city",
                        ["source"] = "c.source",
                        ["responsibleName"] = "u.full_name",
                        ["loanIssued"] = LiveLoan("d"),
                        // A calendar date as the instant its day starts in UTC, which falls on that same day in every
                        // zone from
                        // UTC to UTC+14 (all of Russia's): bucketed and filtered by day in the report's zone, it stays
                        // its date.
                        ["loanIssuedOn"] = "(d.loan_issued_on::timestamp AT TIME ZONE 'UTC')",
                        ["loanAmount"] = "d.loan_amount",
                        ["loanBank"] = "d.loan_bank_code",
                    }
                )
            )
            {
                Responsible = "d.responsible_user_id = ANY({0})",
                Client = "d.client_id",
                CustomFields = new Dictionary<CustomFieldEntity, string>
                {
                    [CustomFieldEntity.Deal] = "d.custom_fields",
                    [CustomFieldEntity.Client] = "c.custom_fields",
                },
            },
            ["clients"] = new(
                "clients c JOIN organizations o ON o.id = c.organization_id",
                "c.deleted_at IS NULL",
                "c.organization_id",
                With(
                    new()
                    {
                        ["id"] = "c.id",
                        ["fullName"] = "c.full_name",
                        ["phone"] = "c.phone",
                        ["email"] = "c.email",
                        ["city"] = "c.city",
                        ["source"] = "c.source",
                        ["processingMethod"] = "c.processing_method",
                        ["hasConsent"] = "(c.consent_given_at IS NOT NULL AND c.consent_withdrawn_at IS NULL)",
                        ["createdAt"] = "c.created_at",
                    }
                )
            )
            {
                Responsible =
                    "(c.id IN (SELECT rl.client_id FROM leads rl WHERE rl.responsible_user_id = ANY({0}) AND "
                    + "rl.deleted_at IS NULL) OR c.id IN (SELECT rd.client_id FROM deals rd WHERE "
                    + "rd.responsible_user_id = ANY({0}) AND rd.deleted_at IS NULL))",
                Client = "c.id",
                CustomFields = new Dictionary<CustomFieldEntity, string>
                {
                    [CustomFieldEntity.Client] = "c.custom_fields",
                },
            },
            ["tasks"] = new(
                "tasks t JOIN organizations o ON o.id = t.organization_id LEFT JOIN users u ON u.id = "
                    + "t.assignee_user_id",
                "t.deleted_at IS NULL",
                "t.organization_id",
                With(
                    new()
                    {
                        ["id"] = "t.id",
                        ["title"] = "t.title",
                        ["subjectType"] = "t.subject_type",
                        ["assigneeUserId"] = "t.assignee_user_id",
                        ["assigneeName"] = "u.full_name",
                        ["isDone"] = "(t.done_at IS NOT NULL)",
                        ["dueAt"] = "t.due_at",
                        ["doneAt"] = "t.done_at",
                        ["createdAt"] = "t.created_at",
                    }
                )
            )
            {
                Responsible = "t.assignee_user_id = ANY({0})",
            },
            ["lots"] = new(
                """
                lots lt
                JOIN leads l ON l.id = lt.lead_id
                LEFT JOIN clients c ON c.id = l.client_id
                LEFT JOIN organizations b ON b.id = lt.assigned_organization_id
                """,
                "lt.deleted_at IS NULL",
                "lt.assigned_organization_id",
                new Dictionary<string, string>
                {
                    ["id"] = "lt.id",
                    ["status"] = "lt.status",
                    ["outcome"] = "lt.outcome",
                    ["redistribution"] = "lt.redistribution",
                    ["startPrice"] = "lt.start_price",
                    ["currentPrice"] = "lt.current_price",
                    ["bidCount"] = "lt.bid_count",
                    ["round"] = "lt.round",
                    ["startsAt"] = "lt.starts_at",
                    ["endsAt"] = "lt.ends_at",
                    ["closedAt"] = "lt.closed_at",
                    ["leadProduct"] = "l.product",
                    ["leadCity"] = "c.city",
                    ["buyerName"] = "b.name",
                }
            ),
            ["bids"] = new(
                "bids bd JOIN lots lt ON lt.id = bd.lot_id JOIN organizations o ON o.id = bd.organization_id",
                "lt.deleted_at IS NULL",
                "bd.organization_id",
                With(
                    new()
                    {
                        ["id"] = "bd.id",
                        ["lotId"] = "bd.lot_id",
                        ["amount"] = "bd.amount",
                        ["placedAt"] = "bd.placed_at",
                        ["isLeading"] = "(lt.leader_bid_id IS NOT DISTINCT FROM bd.id)",
                        ["lotStatus"] = "lt.status",
                        ["lotOutcome"] = "lt.outcome",
                    }
                )
            ),
            ["ledger"] = new(
                "ledger_entries e JOIN organizations o ON o.id = e.organization_id",
                "TRUE",
                "e.organization_id",
                With(
                    new()
                    {
                        ["id"] = "e.id",
                        ["kind"] = "e.kind",
                        ["amount"] = "e.amount",
                        ["createdAt"] = "e.created_at",
                        ["leadId"] = "e.lead_id",
                        ["lotId"] = "e.lot_id",
                    }
                )
            ),
            ["commissions"] = new(
                "commission_entries ce JOIN organizations o ON o.id = ce.organization_id LEFT JOIN banks cb ON "
                    + "cb.code = ce.bank_code",
                "TRUE",
                "ce.organization_id",
                With(
                    new()
                    {
                        ["id"] = "ce.id",
                        ["kind"] = "ce.kind",
                        ["level"] = "ce.level",
                        ["amount"] = "ce.amount",
                        ["onHoldChange"] = "ce.on_hold_change",
                        ["availableChange"] = "ce.available_change",
                        ["paidOut"] =
                            $"(CASE WHEN ce.kind = {EnumLiterals.Of(CommissionEntryKind.Payout)} THEN -ce.amount "
                            + $"ELSE 0 END)",
                        ["bankCode"] = "ce.bank_code",
                        ["bankName"] = "cb.name",
                        ["product"] = "ce.product",
                        ["loanIssuedOn"] = "(ce.issued_on::timestamp AT TIME ZONE 'UTC')",
                        ["createdAt"] = "ce.created_at",
                        ["dealId"] = "ce.deal_id",
                        ["sourceOrganizationId"] = "ce.source_organization_id",
                    }
                )
            ),
            ["returns"] = new(
                "lead_returns r JOIN organizations o ON o.id = r.organization_id",
                "r.deleted_at IS NULL",
                "r.organization_id",
                With(
                    new()
                    {
                        ["id"] = "r.id",
                        ["status"] = "r.status",
                        ["reason"] = "r.reason",
                        ["amount"] = "r.amount",
                        ["createdAt"] = "r.created_at",
                        ["decidedAt"] = "r.decided_at",
                        ["leadId"] = "r.lead_id",
                        ["lotId"] = "r.lot_id",
                    }
                )
            ),
        };

    /// <summary>A subquery over the lead's live deals in a won stage, between its <paramref name="select"/> and its
    /// <paramref name="end"/>.</summary>
    private static string WonDealOf(string select, string end) =>
        $"{select} FROM deals wd JOIN pipeline_stages ws ON ws.id = wd.stage_id"
        + " WHERE wd.lead_id = l.id AND wd.deleted_at IS NULL"
        + $" AND ws.kind = {EnumLiterals.Of(StageKind.Won)}{end}";

    /// <summary>A deal's loan is issued and not cancelled.</summary>
    private static string LiveLoan(string deal) => $"({deal}.loan_issue_no > 0 AND {deal}.loan_cancelled_on IS NULL)";

    private static string IssuedLoanOf(string select, string end) =>
        $"{select} FROM deals il WHERE il.lead_id = l.id AND il.deleted_at IS NULL AND {LiveLoan("il")}{end}";

    private static Dictionary<string, string> With(Dictionary<string, string> fields)
    {
        foreach (var (key, sql) in OrganizationOf)
        {
            fields[key] = sql;
        }

        return fields;
    }
}
