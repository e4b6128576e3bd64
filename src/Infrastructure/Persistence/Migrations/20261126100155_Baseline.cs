using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using NpgsqlTypes;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace MakCrm.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateTable(
                name: "auction_outbid_notices",
                columns: table => new
                {
                    bid_id = table.Column<Guid>(type: "uuid", nullable: false),
                    lot_id = table.Column<Guid>(type: "uuid", nullable: false),
                    lead_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_auction_outbid_notices", x => x.bid_id);
                });

            migrationBuilder.CreateTable(
                name: "audit_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    actor_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor_client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: true),
                    entity_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    entity_id = table.Column<Guid>(type: "uuid", nullable: true),
                    changes = table.Column<string>(type: "jsonb", nullable: true),
                    ip_address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    trace_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "banks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_banks", x => x.id);
                    table.UniqueConstraint("ak_banks_code", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "client_sources",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    duplicate_policy = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_client_sources", x => x.id);
                    table.UniqueConstraint("ak_client_sources_code", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "document_counters",
                columns: table => new
                {
                    issuer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    series = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    last_number = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_document_counters", x => new { x.issuer_id, x.series, x.year });
                    table.CheckConstraint("ck_document_counters_last_number", "last_number > 0");
                });

            migrationBuilder.CreateTable(
                name: "events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    position = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    sequence = table.Column<long>(type: "bigint", nullable: true),
                    type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    actor_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor_client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    actor_display_name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    resource_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    resource_id = table.Column<Guid>(type: "uuid", nullable: false),
                    data = table.Column<string>(type: "json", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "grades",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    rank = table.Column<int>(type: "integer", nullable: false),
                    basis = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    threshold = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    period_months = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_grades", x => x.id);
                    table.CheckConstraint("ck_grades_period_months", "period_months BETWEEN 1 AND 24");
                    table.CheckConstraint("ck_grades_threshold", "threshold >= 0");
                });

            migrationBuilder.CreateTable(
                name: "help_chat_links",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    url = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    audience = table.Column<string[]>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_help_chat_links", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_requests",
                columns: table => new
                {
                    scope = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    key = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    request_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    response_status = table.Column<int>(type: "integer", nullable: true),
                    response_headers = table.Column<string>(type: "jsonb", nullable: true),
                    response_body = table.Column<byte[]>(type: "bytea", nullable: true),
                    response_reference = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_requests", x => new { x.scope, x.key });
                });

            migrationBuilder.CreateTable(
                name: "knowledge_sections",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_knowledge_sections", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "lead_statuses",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    color = table.Column<string>(type: "character(7)", fixedLength: true, maxLength: 7, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    transitions = table.Column<string[]>(type: "text[]", nullable: false),
                    initial = table.Column<bool>(type: "boolean", nullable: false),
                    allowed_roles = table.Column<string[]>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lead_statuses", x => x.id);
                    table.UniqueConstraint("ak_lead_statuses_code", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "mail_outbox",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    to_address = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    template = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    values = table.Column<string>(type: "jsonb", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    lease_owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    lease_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mail_outbox", x => x.id);
                    table.CheckConstraint("ck_mail_outbox_status", "status IN ('pending', 'sent', 'failed')");
                });

            migrationBuilder.CreateTable(
                name: "organizations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    legal_form = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    inn = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    city = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    niche = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    contact_phone = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    contact_email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    grade = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    referrer_organization_id = table.Column<Guid>(type: "uuid", nullable: true),
                    referral_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    referrer_correction_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    owner_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    rejection_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    legal_name = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    kpp = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: true),
                    ogrn = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    legal_address = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    postal_address = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    bank_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    bik = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: true),
                    correspondent_account = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    settlement_account = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    signatory_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    signatory_position = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    signatory_basis = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    tax_regime = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    website = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    logo_url = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_organizations", x => x.id);
                    table.ForeignKey(
                        name: "fk_organizations_organizations_referrer_organization_id",
                        column: x => x.referrer_organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "pipelines",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    is_archived = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pipelines", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "points_cursor",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    last_sequence = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_points_cursor", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "points_rule_sets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    rules = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_points_rule_sets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "roles",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    requires_two_factor = table.Column<bool>(type: "boolean", nullable: false),
                    name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalized_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    concurrency_stamp = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_roles", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "signing_keys",
                columns: table => new
                {
                    kid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    encrypted_private_key = table.Column<byte[]>(type: "bytea", nullable: false),
                    modulus = table.Column<string>(type: "text", nullable: false),
                    exponent = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    retired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_signing_keys", x => x.kid);
                });

            migrationBuilder.CreateTable(
                name: "stream_slots",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    caller = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    instance_id = table.Column<Guid>(type: "uuid", nullable: false),
                    opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    renewed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stream_slots", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stream_tickets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    ticket_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    subject = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sign_in_id = table.Column<Guid>(type: "uuid", nullable: true),
                    scope = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stream_tickets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "training_courses",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    description = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    audience_roles = table.Column<List<string>>(type: "text[]", nullable: false),
                    audience_kinds = table.Column<List<string>>(type: "text[]", nullable: false),
                    required_for = table.Column<List<string>>(type: "text[]", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_courses", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "training_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    description = table.Column<string>(type: "text", nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    format = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    place = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    capacity = table.Column<int>(type: "integer", nullable: false),
                    audience_roles = table.Column<List<string>>(type: "text[]", nullable: false),
                    audience_kinds = table.Column<List<string>>(type: "text[]", nullable: false),
                    registration_open = table.Column<bool>(type: "boolean", nullable: false),
                    check_in_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "webhook_cursor",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    last_sequence = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_cursor", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "knowledge_articles",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    section_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    body = table.Column<string>(type: "text", nullable: false),
                    body_html = table.Column<string>(type: "text", nullable: false),
                    tags = table.Column<List<string>>(type: "text[]", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    visible_to_roles = table.Column<List<string>>(type: "text[]", nullable: false),
                    visible_to_kinds = table.Column<List<string>>(type: "text[]", nullable: false),
                    attachment_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    video_document_id = table.Column<Guid>(type: "uuid", nullable: true),
                    video_url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    search_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: true, computedColumnSql: "setweight(to_tsvector('russian'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('russian'::regconfig, coalesce(body, '')), 'B')", stored: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_knowledge_articles", x => x.id);
                    table.ForeignKey(
                        name: "fk_knowledge_articles_knowledge_sections_section_id",
                        column: x => x.section_id,
                        principalTable: "knowledge_sections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "knowledge_faq_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    section_id = table.Column<Guid>(type: "uuid", nullable: false),
                    question = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    answer = table.Column<string>(type: "text", nullable: false),
                    answer_html = table.Column<string>(type: "text", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    visible_to_roles = table.Column<List<string>>(type: "text[]", nullable: false),
                    visible_to_kinds = table.Column<List<string>>(type: "text[]", nullable: false),
                    search_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: true, computedColumnSql: "setweight(to_tsvector('russian'::regconfig, coalesce(question, '')), 'A') || setweight(to_tsvector('russian'::regconfig, coalesce(answer, '')), 'B')", stored: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_knowledge_faq_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_knowledge_faq_entries_knowledge_sections_section_id",
                        column: x => x.section_id,
                        principalTable: "knowledge_sections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "api_clients",
                columns: table => new
                {
                    client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    is_confidential = table.Column<bool>(type: "boolean", nullable: false),
                    secret_hash = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: true),
                    scopes = table.Column<string[]>(type: "text[]", nullable: false),
                    is_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_clients", x => x.client_id);
                    table.ForeignKey(
                        name: "fk_api_clients_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "clients",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    full_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    phone = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    city = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    processing_method = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    tags = table.Column<string[]>(type: "text[]", nullable: false),
                    consent_given_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    consent_text_version = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    consent_withdrawn_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    external_ref = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    external_ref_owner = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    attribution = table.Column<string>(type: "jsonb", nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: false, defaultValueSql: "'{}'::jsonb"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_clients", x => x.id);
                    table.CheckConstraint("ck_clients_consent_complete", "(consent_given_at IS NULL) = (consent_text_version IS NULL) AND (consent_withdrawn_at IS NULL OR consent_given_at IS NOT NULL)");
                    table.ForeignKey(
                        name: "fk_clients_client_sources_source",
                        column: x => x.source,
                        principalTable: "client_sources",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_clients_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "documents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    origin = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    content_type = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    storage_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    template_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    template_version = table.Column<int>(type: "integer", nullable: true),
                    template_input = table.Column<string>(type: "jsonb", nullable: true),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_by_client_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_documents", x => x.id);
                    table.ForeignKey(
                        name: "fk_documents_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "grade_history",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    grade = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    previous_grade = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    set_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    issued_volume = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    issued_count = table.Column<int>(type: "integer", nullable: true),
                    period_start = table.Column<DateOnly>(type: "date", nullable: true),
                    period_end = table.Column<DateOnly>(type: "date", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_grade_history", x => x.id);
                    table.ForeignKey(
                        name: "fk_grade_history_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "import_operations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_by_client_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    file_format = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    file_size = table.Column<long>(type: "bigint", nullable: false),
                    default_source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    rows_read = table.Column<long>(type: "bigint", nullable: false),
                    created = table.Column<long>(type: "bigint", nullable: false),
                    duplicates = table.Column<long>(type: "bigint", nullable: false),
                    rejected = table.Column<long>(type: "bigint", nullable: false),
                    last_committed_row = table.Column<long>(type: "bigint", nullable: false),
                    columns = table.Column<string[]>(type: "text[]", nullable: false),
                    failure_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    failure_detail = table.Column<string>(type: "text", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    lease_owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    lease_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_import_operations", x => x.id);
                    table.CheckConstraint("ck_import_operations_rows_accounted", "rows_read = created + duplicates + rejected");
                    table.ForeignKey(
                        name: "fk_import_operations_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "organization_hosts",
                columns: table => new
                {
                    host = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_organization_hosts", x => x.host);
                    table.ForeignKey(
                        name: "fk_organization_hosts_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "saved_reports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    owner_client_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    definition = table.Column<string>(type: "jsonb", nullable: false),
                    shared_with_roles = table.Column<List<string>>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_saved_reports", x => x.id);
                    table.ForeignKey(
                        name: "fk_saved_reports_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "settlement_acts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    period_from = table.Column<DateOnly>(type: "date", nullable: false),
                    period_to = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    total = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    corrects_act_id = table.Column<Guid>(type: "uuid", nullable: true),
                    number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    issued_on = table.Column<DateOnly>(type: "date", nullable: true),
                    document_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    accepted_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    accepted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    accepted_from_address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    accepted_document_sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    paid_on = table.Column<DateOnly>(type: "date", nullable: true),
                    paid_amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: true),
                    tax_receipt_number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    tax_receipt_url = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    paid_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    lines = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_settlement_acts", x => x.id);
                    table.ForeignKey(
                        name: "fk_settlement_acts_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_settlement_acts_settlement_acts_corrects_act_id",
                        column: x => x.corrects_act_id,
                        principalTable: "settlement_acts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "telegram_group_links",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    chat_id = table.Column<long>(type: "bigint", nullable: false),
                    title = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    linked_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_telegram_group_links", x => x.id);
                    table.ForeignKey(
                        name: "fk_telegram_group_links_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    full_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    is_disabled = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    totp_last_step = table.Column<long>(type: "bigint", nullable: true),
                    last_two_factor_sign_in_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalized_user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalized_email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    email_confirmed = table.Column<bool>(type: "boolean", nullable: false),
                    password_hash = table.Column<string>(type: "text", nullable: true),
                    security_stamp = table.Column<string>(type: "text", nullable: true),
                    concurrency_stamp = table.Column<string>(type: "text", nullable: true),
                    phone_number = table.Column<string>(type: "text", nullable: true),
                    phone_number_confirmed = table.Column<bool>(type: "boolean", nullable: false),
                    two_factor_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    lockout_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    lockout_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    access_failed_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                    table.ForeignKey(
                        name: "fk_users_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "webhook_subscriptions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    api_client_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    event_types = table.Column<List<string>>(type: "text[]", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    disabled_reason = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    disabled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    failing_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_subscriptions", x => x.id);
                    table.ForeignKey(
                        name: "fk_webhook_subscriptions_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "pipeline_stages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    pipeline_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    triggers = table.Column<string>(type: "jsonb", nullable: false),
                    win_probability = table.Column<int>(type: "integer", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pipeline_stages", x => x.id);
                    table.CheckConstraint("ck_pipeline_stages_win_probability", "win_probability BETWEEN 0 AND 100");
                    table.ForeignKey(
                        name: "fk_pipeline_stages_pipelines_pipeline_id",
                        column: x => x.pipeline_id,
                        principalTable: "pipelines",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "role_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    role_id = table.Column<Guid>(type: "uuid", nullable: false),
                    claim_type = table.Column<string>(type: "text", nullable: true),
                    claim_value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_role_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_role_claims_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "role_permissions",
                columns: table => new
                {
                    role_id = table.Column<Guid>(type: "uuid", nullable: false),
                    permission = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_role_permissions", x => new { x.role_id, x.permission });
                    table.ForeignKey(
                        name: "fk_role_permissions_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "training_assignments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    course_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    instructions = table.Column<string>(type: "text", nullable: false),
                    due_days = table.Column<int>(type: "integer", nullable: true),
                    due_on = table.Column<DateOnly>(type: "date", nullable: true),
                    max_points = table.Column<int>(type: "integer", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_assignments", x => x.id);
                    table.ForeignKey(
                        name: "fk_training_assignments_training_courses_course_id",
                        column: x => x.course_id,
                        principalTable: "training_courses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "training_lessons",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    course_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    article_id = table.Column<Guid>(type: "uuid", nullable: true),
                    video_document_id = table.Column<Guid>(type: "uuid", nullable: true),
                    video_url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    document_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    text = table.Column<string>(type: "text", nullable: true),
                    position = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_lessons", x => x.id);
                    table.ForeignKey(
                        name: "fk_training_lessons_training_courses_course_id",
                        column: x => x.course_id,
                        principalTable: "training_courses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "training_event_registrations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attended_via = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_event_registrations", x => x.id);
                    table.ForeignKey(
                        name: "fk_training_event_registrations_training_events_event_id",
                        column: x => x.event_id,
                        principalTable: "training_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "knowledge_article_versions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    article_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    body = table.Column<string>(type: "text", nullable: false),
                    changed_fields = table.Column<List<string>>(type: "text[]", nullable: false),
                    changed_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    changed_by_client_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_knowledge_article_versions", x => x.id);
                    table.ForeignKey(
                        name: "fk_knowledge_article_versions_knowledge_articles_article_id",
                        column: x => x.article_id,
                        principalTable: "knowledge_articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "leads",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    requested_amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: true),
                    product = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    responsible_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    duplicate_of_lead_id = table.Column<Guid>(type: "uuid", nullable: true),
                    external_ref = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    external_ref_owner = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    attribution = table.Column<string>(type: "jsonb", nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: false, defaultValueSql: "'{}'::jsonb"),
                    consent_given_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    consent_text_version = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_leads", x => x.id);
                    table.CheckConstraint("ck_leads_consent_complete", "(consent_given_at IS NULL) = (consent_text_version IS NULL)");
                    table.ForeignKey(
                        name: "fk_leads_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_leads_lead_statuses_status",
                        column: x => x.status,
                        principalTable: "lead_statuses",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_leads_leads_duplicate_of_lead_id",
                        column: x => x.duplicate_of_lead_id,
                        principalTable: "leads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_leads_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "import_file_chunks",
                columns: table => new
                {
                    operation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    data = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_import_file_chunks", x => new { x.operation_id, x.sequence });
                    table.ForeignKey(
                        name: "fk_import_file_chunks_import_operations_operation_id",
                        column: x => x.operation_id,
                        principalTable: "import_operations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "import_rejected_rows",
                columns: table => new
                {
                    operation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    row_number = table.Column<long>(type: "bigint", nullable: false),
                    cells = table.Column<string[]>(type: "text[]", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_import_rejected_rows", x => new { x.operation_id, x.row_number });
                    table.ForeignKey(
                        name: "fk_import_rejected_rows_import_operations_operation_id",
                        column: x => x.operation_id,
                        principalTable: "import_operations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "settlement_acceptance_codes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    act_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    code_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    spent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_settlement_acceptance_codes", x => x.id);
                    table.ForeignKey(
                        name: "fk_settlement_acceptance_codes_settlement_acts_act_id",
                        column: x => x.act_id,
                        principalTable: "settlement_acts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "calendar_feeds",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    token_hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_read_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calendar_feeds", x => x.id);
                    table.ForeignKey(
                        name: "fk_calendar_feeds_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "commission_rules",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    bank_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    product = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    base_method = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    rate = table.Column<decimal>(type: "numeric(7,4)", precision: 7, scale: 4, nullable: true),
                    grade = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    hold_days = table.Column<int>(type: "integer", nullable: true),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_commission_rules", x => x.id);
                    table.CheckConstraint("ck_commission_rules_kind_fields", "(kind = 'base' AND bank_code IS NOT NULL AND product IS NOT NULL AND base_method IS NOT NULL AND (base_method = 'received_fee') = (rate IS NULL)) OR (kind = 'partner_share' AND grade IS NOT NULL AND rate IS NOT NULL) OR (kind = 'level2_share' AND rate IS NOT NULL) OR (kind = 'hold_period' AND product IS NOT NULL AND hold_days IS NOT NULL)");
                    table.ForeignKey(
                        name: "fk_commission_rules_banks_bank_code",
                        column: x => x.bank_code,
                        principalTable: "banks",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_commission_rules_users_created_by_user_id",
                        column: x => x.created_by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "invitations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    full_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    role = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    invited_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    accepted_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    accepted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invitations", x => x.id);
                    table.CheckConstraint("ck_invitations_status", "status IN ('pending', 'accepted', 'revoked')");
                    table.ForeignKey(
                        name: "fk_invitations_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_invitations_users_accepted_user_id",
                        column: x => x.accepted_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_invitations_users_invited_by_user_id",
                        column: x => x.invited_by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ledger_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    lot_id = table.Column<Guid>(type: "uuid", nullable: true),
                    bid_id = table.Column<Guid>(type: "uuid", nullable: true),
                    lead_id = table.Column<Guid>(type: "uuid", nullable: true),
                    return_id = table.Column<Guid>(type: "uuid", nullable: true),
                    comment = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    balance_after = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    entry_no = table.Column<long>(type: "bigint", nullable: false),
                    held_after = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ledger_entries", x => x.id);
                    table.CheckConstraint("ck_ledger_entries_amount_sign", "(kind IN ('deposit', 'hold_release', 'refund') AND amount > 0) OR (kind IN ('hold', 'charge') AND amount < 0) OR (kind = 'adjustment' AND amount <> 0)");
                    table.ForeignKey(
                        name: "fk_ledger_entries_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_ledger_entries_users_created_by_user_id",
                        column: x => x.created_by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "messenger_links",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    account_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    chat_id = table.Column<long>(type: "bigint", nullable: true),
                    display_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_messenger_links", x => x.id);
                    table.ForeignKey(
                        name: "fk_messenger_links_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mfa_tokens",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mfa_tokens", x => x.id);
                    table.ForeignKey(
                        name: "fk_mfa_tokens_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "notification_preferences",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_preferences", x => new { x.user_id, x.kind, x.channel });
                    table.ForeignKey(
                        name: "fk_notification_preferences_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "notifications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    recipient_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    body = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    subject_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    read_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notifications", x => x.id);
                    table.ForeignKey(
                        name: "fk_notifications_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_notifications_users_recipient_user_id",
                        column: x => x.recipient_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "password_resets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ip_address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_password_resets", x => x.id);
                    table.ForeignKey(
                        name: "fk_password_resets_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "points_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    entry_no = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    rule = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    source = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    points = table.Column<int>(type: "integer", nullable: false),
                    reason = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    balance_after = table.Column<long>(type: "bigint", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    awarded_on = table.Column<DateOnly>(type: "date", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_points_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_points_entries_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "refresh_tokens",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    family_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    amr = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    authenticated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    spent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ip_address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    user_agent = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_refresh_tokens", x => x.id);
                    table.ForeignKey(
                        name: "fk_refresh_tokens_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tasks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    subject_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    assignee_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    remind_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    done_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    done_by = table.Column<Guid>(type: "uuid", nullable: true),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true),
                    reminder_sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    overdue_notified_for = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tasks", x => x.id);
                    table.CheckConstraint("ck_tasks_remind_not_after_due", "remind_at IS NULL OR remind_at <= due_at");
                    table.ForeignKey(
                        name: "fk_tasks_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_tasks_users_assignee_user_id",
                        column: x => x.assignee_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "telegram_link_codes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    code_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    used_by_client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    link_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_telegram_link_codes", x => x.id);
                    table.ForeignKey(
                        name: "fk_telegram_link_codes_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_telegram_link_codes_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tickets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    author_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    priority = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    assignee_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    first_response_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_message_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    message_count = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tickets", x => x.id);
                    table.ForeignKey(
                        name: "fk_tickets_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_tickets_users_assignee_user_id",
                        column: x => x.assignee_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_tickets_users_author_user_id",
                        column: x => x.author_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "user_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    claim_type = table.Column<string>(type: "text", nullable: true),
                    claim_value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_user_claims_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_logins",
                columns: table => new
                {
                    login_provider = table.Column<string>(type: "text", nullable: false),
                    provider_key = table.Column<string>(type: "text", nullable: false),
                    provider_display_name = table.Column<string>(type: "text", nullable: true),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_logins", x => new { x.login_provider, x.provider_key });
                    table.ForeignKey(
                        name: "fk_user_logins_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_roles",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    role_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_roles", x => new { x.user_id, x.role_id });
                    table.ForeignKey(
                        name: "fk_user_roles_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_user_roles_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_tokens",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    login_provider = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_tokens", x => new { x.user_id, x.login_provider, x.name });
                    table.ForeignKey(
                        name: "fk_user_tokens_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "webhook_deliveries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    subscription_id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: true),
                    message_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    event_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    body = table.Column<byte[]>(type: "bytea", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    lease_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_deliveries", x => x.id);
                    table.ForeignKey(
                        name: "fk_webhook_deliveries_webhook_subscriptions_subscription_id",
                        column: x => x.subscription_id,
                        principalTable: "webhook_subscriptions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "webhook_secrets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    subscription_id = table.Column<Guid>(type: "uuid", nullable: false),
                    secret = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_secrets", x => x.id);
                    table.ForeignKey(
                        name: "fk_webhook_secrets_webhook_subscriptions_subscription_id",
                        column: x => x.subscription_id,
                        principalTable: "webhook_subscriptions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "training_submissions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    course_id = table.Column<Guid>(type: "uuid", nullable: false),
                    assignment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    text = table.Column<string>(type: "text", nullable: false),
                    document_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    late = table.Column<bool>(type: "boolean", nullable: false),
                    points = table.Column<int>(type: "integer", nullable: true),
                    feedback = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: true),
                    reviewed_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    reviewed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_submissions", x => x.id);
                    table.ForeignKey(
                        name: "fk_training_submissions_training_assignments_assignment_id",
                        column: x => x.assignment_id,
                        principalTable: "training_assignments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_training_submissions_training_courses_course_id",
                        column: x => x.course_id,
                        principalTable: "training_courses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "training_lesson_completions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    course_id = table.Column<Guid>(type: "uuid", nullable: false),
                    lesson_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_lesson_completions", x => x.id);
                    table.ForeignKey(
                        name: "fk_training_lesson_completions_training_courses_course_id",
                        column: x => x.course_id,
                        principalTable: "training_courses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_training_lesson_completions_training_lessons_lesson_id",
                        column: x => x.lesson_id,
                        principalTable: "training_lessons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "deals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: false),
                    lead_id = table.Column<Guid>(type: "uuid", nullable: true),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    bank = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    product = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    responsible_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    pipeline_id = table.Column<Guid>(type: "uuid", nullable: false),
                    stage_id = table.Column<Guid>(type: "uuid", nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    loan_issue_no = table.Column<int>(type: "integer", nullable: false),
                    loan_issued_on = table.Column<DateOnly>(type: "date", nullable: true),
                    loan_amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: true),
                    loan_bank_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    loan_product = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    loan_term_months = table.Column<int>(type: "integer", nullable: true),
                    loan_cancelled_on = table.Column<DateOnly>(type: "date", nullable: true),
                    loan_cancellation_reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    loan_fee_revision = table.Column<int>(type: "integer", nullable: false),
                    loan_fee_amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: true),
                    loan_fee_received_on = table.Column<DateOnly>(type: "date", nullable: true),
                    loan_fee_reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deals", x => x.id);
                    table.CheckConstraint("ck_deals_loan_fee", "(loan_fee_revision = 0 AND loan_fee_amount IS NULL AND loan_fee_received_on IS NULL AND loan_fee_reference IS NULL) OR (loan_fee_revision > 0 AND loan_issue_no > 0 AND loan_fee_amount > 0 AND loan_fee_received_on IS NOT NULL)");
                    table.CheckConstraint("ck_deals_loan_issue", "(loan_issue_no = 0 AND loan_issued_on IS NULL) OR (loan_issue_no > 0 AND loan_issued_on IS NOT NULL AND loan_amount > 0 AND loan_bank_code IS NOT NULL AND loan_product IS NOT NULL AND loan_term_months > 0)");
                    table.ForeignKey(
                        name: "fk_deals_banks_loan_bank_code",
                        column: x => x.loan_bank_code,
                        principalTable: "banks",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_deals_clients_client_id",
                        column: x => x.client_id,
                        principalTable: "clients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_deals_leads_lead_id",
                        column: x => x.lead_id,
                        principalTable: "leads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_deals_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_deals_pipeline_stages_stage_id",
                        column: x => x.stage_id,
                        principalTable: "pipeline_stages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_deals_pipelines_pipeline_id",
                        column: x => x.pipeline_id,
                        principalTable: "pipelines",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "lead_comments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    lead_id = table.Column<Guid>(type: "uuid", nullable: false),
                    author_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    author_client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lead_comments", x => x.id);
                    table.ForeignKey(
                        name: "fk_lead_comments_leads_lead_id",
                        column: x => x.lead_id,
                        principalTable: "leads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "lead_history",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    lead_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor_client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    field = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    old_value = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    new_value = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lead_history", x => x.id);
                    table.ForeignKey(
                        name: "fk_lead_history_leads_lead_id",
                        column: x => x.lead_id,
                        principalTable: "leads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "lots",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    lead_id = table.Column<Guid>(type: "uuid", nullable: false),
                    start_price = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    min_step = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    reserve_price = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: true),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    eligible_cities = table.Column<string[]>(type: "text[]", nullable: false),
                    eligible_grades = table.Column<string[]>(type: "text[]", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    current_price = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: true),
                    leader_organization_id = table.Column<Guid>(type: "uuid", nullable: true),
                    leader_bid_id = table.Column<Guid>(type: "uuid", nullable: true),
                    bid_count = table.Column<int>(type: "integer", nullable: false),
                    round = table.Column<int>(type: "integer", nullable: false),
                    previous_lot_id = table.Column<Guid>(type: "uuid", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    redistribution = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    assigned_organization_id = table.Column<Guid>(type: "uuid", nullable: true),
                    relisted_as_lot_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lots", x => x.id);
                    table.CheckConstraint("ck_lots_prices", "start_price > 0 AND min_step > 0 AND (reserve_price IS NULL OR reserve_price > 0)");
                    table.CheckConstraint("ck_lots_times", "ends_at > starts_at");
                    table.ForeignKey(
                        name: "fk_lots_leads_lead_id",
                        column: x => x.lead_id,
                        principalTable: "leads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_lots_lots_previous_lot_id",
                        column: x => x.previous_lot_id,
                        principalTable: "lots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_lots_organizations_assigned_organization_id",
                        column: x => x.assigned_organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_lots_organizations_leader_organization_id",
                        column: x => x.leader_organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "lead_returns",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    lead_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    charge_entry_id = table.Column<Guid>(type: "uuid", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    lot_id = table.Column<Guid>(type: "uuid", nullable: true),
                    reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    comment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    requested_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    decided_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    rejection_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    refund_entry_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lead_returns", x => x.id);
                    table.CheckConstraint("ck_lead_returns_decision", "(status = 'requested' AND decided_at IS NULL AND refund_entry_id IS NULL AND rejection_reason IS NULL) OR (status = 'accepted' AND decided_at IS NOT NULL AND refund_entry_id IS NOT NULL) OR (status = 'rejected' AND decided_at IS NOT NULL AND rejection_reason IS NOT NULL)");
                    table.ForeignKey(
                        name: "fk_lead_returns_leads_lead_id",
                        column: x => x.lead_id,
                        principalTable: "leads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_lead_returns_ledger_entries_charge_entry_id",
                        column: x => x.charge_entry_id,
                        principalTable: "ledger_entries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_lead_returns_ledger_entries_refund_entry_id",
                        column: x => x.refund_entry_id,
                        principalTable: "ledger_entries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_lead_returns_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_lead_returns_users_decided_by_user_id",
                        column: x => x.decided_by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_lead_returns_users_requested_by_user_id",
                        column: x => x.requested_by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ticket_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    ticket_id = table.Column<Guid>(type: "uuid", nullable: false),
                    author_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from_support = table.Column<bool>(type: "boolean", nullable: false),
                    @internal = table.Column<bool>(name: "internal", type: "boolean", nullable: false),
                    text = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false),
                    attachment_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ticket_messages", x => x.id);
                    table.ForeignKey(
                        name: "fk_ticket_messages_tickets_ticket_id",
                        column: x => x.ticket_id,
                        principalTable: "tickets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_ticket_messages_users_author_user_id",
                        column: x => x.author_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "webhook_attempts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    delivery_id = table.Column<Guid>(type: "uuid", nullable: false),
                    attempted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    trigger = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    succeeded = table.Column<bool>(type: "boolean", nullable: false),
                    response_status = table.Column<int>(type: "integer", nullable: true),
                    duration_ms = table.Column<int>(type: "integer", nullable: false),
                    response_body = table.Column<string>(type: "text", nullable: true),
                    error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_attempts", x => x.id);
                    table.ForeignKey(
                        name: "fk_webhook_attempts_webhook_deliveries_delivery_id",
                        column: x => x.delivery_id,
                        principalTable: "webhook_deliveries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "commission_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    on_hold_change = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    available_change = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    deal_id = table.Column<Guid>(type: "uuid", nullable: true),
                    issue_no = table.Column<int>(type: "integer", nullable: true),
                    level = table.Column<int>(type: "integer", nullable: true),
                    source_organization_id = table.Column<Guid>(type: "uuid", nullable: true),
                    issued_on = table.Column<DateOnly>(type: "date", nullable: true),
                    bank_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    product = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    grade = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    @base = table.Column<decimal>(name: "base", type: "numeric(14,2)", precision: 14, scale: 2, nullable: true),
                    share = table.Column<decimal>(type: "numeric(7,4)", precision: 7, scale: 4, nullable: true),
                    fee_revision = table.Column<int>(type: "integer", nullable: true),
                    hold_until = table.Column<DateOnly>(type: "date", nullable: true),
                    follows_entry_id = table.Column<Guid>(type: "uuid", nullable: true),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    rewards_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    rewards_month = table.Column<DateOnly>(type: "date", nullable: true),
                    rewards_rank = table.Column<int>(type: "integer", nullable: true),
                    idempotency_key = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    available_after = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    entry_no = table.Column<long>(type: "bigint", nullable: false),
                    on_hold_after = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_commission_entries", x => x.id);
                    table.CheckConstraint("ck_commission_entries_amount_sign", "(kind IN ('accrual', 'release', 'bonus') AND amount > 0) OR (kind = 'reversal' AND amount < 0) OR (kind = 'payout' AND amount < 0)");
                    table.CheckConstraint("ck_commission_entries_bonus", "kind <> 'bonus' OR (reason IS NOT NULL AND deal_id IS NULL AND on_hold_change = 0 AND available_change = amount)");
                    table.CheckConstraint("ck_commission_entries_level", "level IS NULL OR level IN (1, 2)");
                    table.CheckConstraint("ck_commission_entries_rewards", "(rewards_user_id IS NULL AND rewards_month IS NULL AND rewards_rank IS NULL) OR (rewards_user_id IS NOT NULL AND rewards_month IS NOT NULL AND rewards_rank > 0)");
                    table.ForeignKey(
                        name: "fk_commission_entries_deals_deal_id",
                        column: x => x.deal_id,
                        principalTable: "deals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_commission_entries_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_commission_entries_users_rewards_user_id",
                        column: x => x.rewards_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "deal_stage_history",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    deal_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor_client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    from_pipeline_id = table.Column<Guid>(type: "uuid", nullable: true),
                    from_stage_id = table.Column<Guid>(type: "uuid", nullable: true),
                    to_pipeline_id = table.Column<Guid>(type: "uuid", nullable: false),
                    to_stage_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deal_stage_history", x => x.id);
                    table.ForeignKey(
                        name: "fk_deal_stage_history_deals_deal_id",
                        column: x => x.deal_id,
                        principalTable: "deals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "bids",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    lot_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    api_client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    amount = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    placed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at_after = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    bidder_number = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bids", x => x.id);
                    table.CheckConstraint("ck_bids_amount", "amount > 0");
                    table.ForeignKey(
                        name: "fk_bids_lots_lot_id",
                        column: x => x.lot_id,
                        principalTable: "lots",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_bids_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_bids_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "settlement_entry_claims",
                columns: table => new
                {
                    entry_id = table.Column<Guid>(type: "uuid", nullable: false),
                    act_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_settlement_entry_claims", x => x.entry_id);
                    table.ForeignKey(
                        name: "fk_settlement_entry_claims_commission_entries_entry_id",
                        column: x => x.entry_id,
                        principalTable: "commission_entries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_settlement_entry_claims_settlement_acts_act_id",
                        column: x => x.act_id,
                        principalTable: "settlement_acts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "api_clients",
                columns: new[] { "client_id", "created_at", "is_confidential", "is_enabled", "name", "organization_id", "scopes", "secret_hash" },
                values: new object[,]
                {
                    { "mak-cabinet", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), false, true, "Partner and franchisee cabinets", null, new string[0], null },
                    { "swagger-ui", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), false, true, "Swagger UI", null, new string[0], null }
                });

            migrationBuilder.InsertData(
                table: "banks",
                columns: new[] { "id", "active", "code", "created_at", "deleted_at", "name", "updated_at", "version" },
                values: new object[,]
                {
                    { new Guid("0192f0c1-0000-7000-8000-0000000001b1"), true, "sberbank", new DateTimeOffset(new DateTime(2026, 11, 23, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "ПАО Сбербанк", new DateTimeOffset(new DateTime(2026, 11, 23, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-0000000001b2"), true, "vtb", new DateTimeOffset(new DateTime(2026, 11, 23, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "Банк ВТБ (ПАО)", new DateTimeOffset(new DateTime(2026, 11, 23, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-0000000001b3"), true, "alfabank", new DateTimeOffset(new DateTime(2026, 11, 23, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "АО «Альфа-Банк»", new DateTimeOffset(new DateTime(2026, 11, 23, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-0000000001b4"), true, "gazprombank", new DateTimeOffset(new DateTime(2026, 11, 23, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "Газпромбанк (АО)", new DateTimeOffset(new DateTime(2026, 11, 23, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-0000000001b5"), true, "tbank", new DateTimeOffset(new DateTime(2026, 11, 23, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "АО «ТБанк»", new DateTimeOffset(new DateTime(2026, 11, 23, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 }
                });

            migrationBuilder.InsertData(
                table: "client_sources",
                columns: new[] { "id", "active", "code", "created_at", "deleted_at", "duplicate_policy", "name", "position", "updated_at", "version" },
                values: new object[,]
                {
                    { new Guid("0192f0c1-0000-7000-8000-0000000000d1"), true, "partner", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "link", "Партнёр", 10, new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-0000000000d2"), true, "lead_generation", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "link", "Лидогенерация", 20, new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-0000000000d3"), true, "cold_base", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "link", "Холодная база", 30, new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-0000000000d4"), true, "external", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "link", "Внешний источник", 40, new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-0000000000d5"), true, "purchased_base", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "link", "Купленная база", 50, new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 }
                });

            migrationBuilder.InsertData(
                table: "lead_statuses",
                columns: new[] { "id", "allowed_roles", "code", "color", "created_at", "deleted_at", "initial", "kind", "name", "position", "transitions", "updated_at", "version" },
                values: new object[,]
                {
                    { new Guid("0192f0c1-0000-7000-8000-000000000501"), new string[0], "new", "#90A4AE", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, true, "open", "Новый", 1, new[] { "in_progress", "auction", "rejected" }, new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-000000000502"), new string[0], "from_partner", "#7E57C2", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, true, "open", "От партнёра", 2, new[] { "in_progress", "auction", "rejected" }, new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-000000000503"), new string[0], "auction", "#FFB300", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, true, "auction", "Аукцион", 3, new[] { "in_progress", "not_sold" }, new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-000000000504"), new string[0], "not_sold", "#8D6E63", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, true, "auction", "Не выкуплен", 4, new[] { "auction", "in_progress", "rejected" }, new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-000000000505"), new string[0], "in_progress", "#1E88E5", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, true, "open", "В работе", 5, new[] { "approved", "rejected", "returned" }, new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-000000000506"), new[] { "admin", "employee" }, "approved", "#43A047", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, true, "open", "Одобрен", 6, new[] { "issued", "rejected" }, new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-000000000507"), new[] { "admin", "employee" }, "issued", "#2E7D32", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, true, "won", "Выдан", 7, new string[0], new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-000000000508"), new string[0], "rejected", "#E53935", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, true, "lost", "Отказ", 8, new[] { "in_progress" }, new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 },
                    { new Guid("0192f0c1-0000-7000-8000-000000000509"), new string[0], "returned", "#F4511E", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, true, "returned", "Возврат", 9, new[] { "in_progress", "auction", "rejected" }, new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 }
                });

            migrationBuilder.InsertData(
                table: "organizations",
                columns: new[] { "id", "bank_name", "bik", "city", "contact_email", "contact_phone", "correspondent_account", "created_at", "deleted_at", "grade", "inn", "kind", "kpp", "legal_address", "legal_form", "legal_name", "logo_url", "name", "niche", "ogrn", "owner_user_id", "postal_address", "referral_code", "referrer_correction_reason", "referrer_organization_id", "rejection_reason", "settlement_account", "signatory_basis", "signatory_name", "signatory_position", "status", "tax_regime", "updated_at", "version", "website" },
                values: new object[] { new Guid("0192f0c1-0000-7000-8000-000000000001"), null, null, null, null, null, null, new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, null, null, "head_office", null, null, null, null, null, "MaK, головной офис", null, null, null, null, null, null, null, null, null, null, null, null, "active", null, new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1, null });

            migrationBuilder.InsertData(
                table: "pipelines",
                columns: new[] { "id", "created_at", "deleted_at", "is_archived", "name", "position", "updated_at", "version" },
                values: new object[] { new Guid("0192f0c1-0000-7000-8000-000000000701"), new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, false, "Кредитная воронка", 1, new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1 });

            migrationBuilder.InsertData(
                table: "points_cursor",
                columns: new[] { "id", "last_sequence" },
                values: new object[] { 1, 0L });

            migrationBuilder.InsertData(
                table: "roles",
                columns: new[] { "id", "concurrency_stamp", "name", "normalized_name", "requires_two_factor" },
                values: new object[,]
                {
                    { new Guid("0192f0c1-0000-7000-8000-0000000000a1"), "0192f0c1-0000-7000-8000-0000000000a1", "admin", "ADMIN", true },
                    { new Guid("0192f0c1-0000-7000-8000-0000000000a2"), "0192f0c1-0000-7000-8000-0000000000a2", "employee", "EMPLOYEE", true },
                    { new Guid("0192f0c1-0000-7000-8000-0000000000a3"), "0192f0c1-0000-7000-8000-0000000000a3", "partner", "PARTNER", false },
                    { new Guid("0192f0c1-0000-7000-8000-0000000000a4"), "0192f0c1-0000-7000-8000-0000000000a4", "franchisee", "FRANCHISEE", false },
                    { new Guid("0192f0c1-0000-7000-8000-0000000000a5"), "0192f0c1-0000-7000-8000-0000000000a5", "guest", "GUEST", false }
                });

            migrationBuilder.InsertData(
                table: "webhook_cursor",
                columns: new[] { "id", "last_sequence" },
                values: new object[] { 1, 0L });

            migrationBuilder.InsertData(
                table: "pipeline_stages",
                columns: new[] { "id", "created_at", "deleted_at", "kind", "name", "pipeline_id", "position", "triggers", "updated_at", "version", "win_probability" },
                values: new object[,]
                {
                    { new Guid("0192f0c1-0000-7000-8000-000000000711"), new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "working", "Новая заявка", new Guid("0192f0c1-0000-7000-8000-000000000701"), 1, "[]", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1, null },
                    { new Guid("0192f0c1-0000-7000-8000-000000000712"), new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "working", "Сбор документов", new Guid("0192f0c1-0000-7000-8000-000000000701"), 2, "[]", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1, null },
                    { new Guid("0192f0c1-0000-7000-8000-000000000713"), new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "working", "Подача в банк", new Guid("0192f0c1-0000-7000-8000-000000000701"), 3, "[]", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1, null },
                    { new Guid("0192f0c1-0000-7000-8000-000000000714"), new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "working", "Решение банка", new Guid("0192f0c1-0000-7000-8000-000000000701"), 4, "[]", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1, null },
                    { new Guid("0192f0c1-0000-7000-8000-000000000715"), new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "won", "Успешно реализовано", new Guid("0192f0c1-0000-7000-8000-000000000701"), 5, "[]", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1, 100 },
                    { new Guid("0192f0c1-0000-7000-8000-000000000716"), new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), null, "lost", "Закрыто и не реализовано", new Guid("0192f0c1-0000-7000-8000-000000000701"), 6, "[]", new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 1, 0 }
                });

            migrationBuilder.InsertData(
                table: "role_permissions",
                columns: new[] { "permission", "role_id" },
                values: new object[,]
                {
                    { "api_clients.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "auction.bid", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "auction.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "auction.read", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "audit.read", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "calendar_feeds.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "client_sources.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "clients.delete", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "clients.export", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "clients.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "clients.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "clients.write", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "commissions.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "commissions.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "commissions.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "dashboards.read", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "deals.delete", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "deals.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "deals.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "deals.write", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "documents.generate.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "documents.generate.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "documents.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "documents.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "documents.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "documents.upload", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "events.read", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "help.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "help.read", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "knowledge.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "knowledge.read", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "lead_returns.create", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "lead_returns.decide", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "lead_statuses.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "leads.delete", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "leads.export", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "leads.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "leads.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "leads.write", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "ledger.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "ledger.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "ledger.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "notifications.read", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "organizations.edit.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "organizations.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "organizations.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "pipelines.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "points.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "points.read", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "reports.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "reports.manage.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "reports.read", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "roles.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "settlements.accept", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "settlements.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "settlements.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "settlements.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "tasks.delete", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "tasks.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "tasks.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "tasks.write", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "tickets.create", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "tickets.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "tickets.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "tickets.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "training.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "training.read", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "users.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "users.manage.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "users.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "users.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "webhooks.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a1") },
                    { "auction.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "auction.read", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "calendar_feeds.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "clients.export", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "clients.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "clients.write", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "commissions.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "dashboards.read", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "deals.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "deals.write", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "documents.generate.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "documents.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "documents.upload", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "events.read", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "help.read", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "knowledge.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "knowledge.read", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "lead_returns.decide", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "leads.export", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "leads.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "leads.write", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "ledger.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "ledger.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "notifications.read", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "organizations.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "organizations.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "points.read", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "reports.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "reports.read", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "settlements.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "tasks.delete", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "tasks.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "tasks.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "tasks.write", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "tickets.create", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "tickets.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "tickets.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "training.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "training.read", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "users.read.all", new Guid("0192f0c1-0000-7000-8000-0000000000a2") },
                    { "calendar_feeds.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "clients.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "clients.write", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "commissions.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "dashboards.read", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "deals.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "deals.write", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "documents.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "documents.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "documents.upload", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "events.read", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "help.read", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "knowledge.read", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "leads.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "leads.write", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "notifications.read", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "organizations.edit.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "organizations.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "points.read", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "reports.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "reports.read", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "settlements.accept", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "settlements.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "tasks.delete", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "tasks.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "tasks.write", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "tickets.create", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "tickets.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "training.read", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "users.manage.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "users.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "webhooks.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a3") },
                    { "auction.bid", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "auction.read", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "calendar_feeds.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "clients.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "clients.write", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "commissions.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "dashboards.read", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "deals.delete", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "deals.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "deals.write", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "documents.generate.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "documents.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "documents.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "documents.upload", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "events.read", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "help.read", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "knowledge.read", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "lead_returns.create", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "leads.delete", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "leads.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "leads.write", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "ledger.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "notifications.read", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "organizations.edit.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "organizations.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "points.read", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "reports.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "reports.read", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "tasks.delete", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "tasks.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "tasks.write", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "tickets.create", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "tickets.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "training.read", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "users.manage.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "users.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "webhooks.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a4") },
                    { "calendar_feeds.manage", new Guid("0192f0c1-0000-7000-8000-0000000000a5") },
                    { "help.read", new Guid("0192f0c1-0000-7000-8000-0000000000a5") },
                    { "knowledge.read", new Guid("0192f0c1-0000-7000-8000-0000000000a5") },
                    { "notifications.read", new Guid("0192f0c1-0000-7000-8000-0000000000a5") },
                    { "organizations.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a5") },
                    { "tasks.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a5") },
                    { "tickets.create", new Guid("0192f0c1-0000-7000-8000-0000000000a5") },
                    { "tickets.read.own", new Guid("0192f0c1-0000-7000-8000-0000000000a5") },
                    { "training.read", new Guid("0192f0c1-0000-7000-8000-0000000000a5") }
                });

            migrationBuilder.CreateIndex(
                name: "ix_api_clients_organization_id",
                table: "api_clients",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_actor_user_id",
                table: "audit_events",
                column: "actor_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_entity_type_entity_id",
                table: "audit_events",
                columns: new[] { "entity_type", "entity_id" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_occurred_at_id",
                table: "audit_events",
                columns: new[] { "occurred_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_bids_lot_id_amount",
                table: "bids",
                columns: new[] { "lot_id", "amount" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_bids_lot_id_organization_id",
                table: "bids",
                columns: new[] { "lot_id", "organization_id" })
                .Annotation("Npgsql:IndexInclude", new[] { "bidder_number" });

            migrationBuilder.CreateIndex(
                name: "ix_bids_lot_id_placed_at_id",
                table: "bids",
                columns: new[] { "lot_id", "placed_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_bids_organization_id",
                table: "bids",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_bids_user_id",
                table: "bids",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_calendar_feeds_token_hash",
                table: "calendar_feeds",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_calendar_feeds_user_id",
                table: "calendar_feeds",
                column: "user_id",
                unique: true,
                filter: "revoked_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_clients_created_at_id",
                table: "clients",
                columns: new[] { "created_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_clients_email",
                table: "clients",
                column: "email");

            migrationBuilder.CreateIndex(
                name: "ix_clients_email_trgm",
                table: "clients",
                column: "email")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_clients_full_name_id",
                table: "clients",
                columns: new[] { "full_name", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_clients_full_name_trgm",
                table: "clients",
                column: "full_name")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_clients_organization_id_created_at_id",
                table: "clients",
                columns: new[] { "organization_id", "created_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_clients_organization_id_external_ref_owner_external_ref",
                table: "clients",
                columns: new[] { "organization_id", "external_ref_owner", "external_ref" },
                unique: true,
                filter: "external_ref IS NOT NULL AND deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_clients_organization_id_updated_at_id",
                table: "clients",
                columns: new[] { "organization_id", "updated_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_clients_phone",
                table: "clients",
                column: "phone");

            migrationBuilder.CreateIndex(
                name: "ix_clients_phone_trgm",
                table: "clients",
                column: "phone")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_clients_source_processing_method",
                table: "clients",
                columns: new[] { "source", "processing_method" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_clients_tags",
                table: "clients",
                column: "tags")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_clients_updated_at_id",
                table: "clients",
                columns: new[] { "updated_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_commission_entries_deal_id_issue_no",
                table: "commission_entries",
                columns: new[] { "deal_id", "issue_no" },
                filter: "deal_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_commission_entries_follows_entry_id",
                table: "commission_entries",
                column: "follows_entry_id",
                filter: "follows_entry_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_commission_entries_hold_until",
                table: "commission_entries",
                column: "hold_until",
                filter: "kind = 'accrual'");

            migrationBuilder.CreateIndex(
                name: "ix_commission_entries_idempotency_key",
                table: "commission_entries",
                column: "idempotency_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_commission_entries_organization_id_created_at_id",
                table: "commission_entries",
                columns: new[] { "organization_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_commission_entries_organization_id_entry_no",
                table: "commission_entries",
                columns: new[] { "organization_id", "entry_no" },
                unique: true)
                .Annotation("Npgsql:IndexInclude", new[] { "on_hold_after", "available_after" });

            migrationBuilder.CreateIndex(
                name: "ix_commission_entries_rewards_user_id",
                table: "commission_entries",
                column: "rewards_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_commission_rules_bank_code",
                table: "commission_rules",
                column: "bank_code");

            migrationBuilder.CreateIndex(
                name: "ix_commission_rules_created_by_user_id",
                table: "commission_rules",
                column: "created_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_commission_rules_kind_bank_code_product_grade_effective_from",
                table: "commission_rules",
                columns: new[] { "kind", "bank_code", "product", "grade", "effective_from" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "ix_deal_stage_history_deal_id_at_id",
                table: "deal_stage_history",
                columns: new[] { "deal_id", "at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_deals_amount_id",
                table: "deals",
                columns: new[] { "amount", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_deals_client_id",
                table: "deals",
                column: "client_id");

            migrationBuilder.CreateIndex(
                name: "ix_deals_created_at_id",
                table: "deals",
                columns: new[] { "created_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_deals_lead_id",
                table: "deals",
                column: "lead_id");

            migrationBuilder.CreateIndex(
                name: "ix_deals_loan_bank_code",
                table: "deals",
                column: "loan_bank_code");

            migrationBuilder.CreateIndex(
                name: "ix_deals_organization_id_created_at_id",
                table: "deals",
                columns: new[] { "organization_id", "created_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_deals_organization_id_updated_at_id",
                table: "deals",
                columns: new[] { "organization_id", "updated_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_deals_pipeline_id",
                table: "deals",
                column: "pipeline_id");

            migrationBuilder.CreateIndex(
                name: "ix_deals_responsible_user_id",
                table: "deals",
                column: "responsible_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_deals_stage_id",
                table: "deals",
                column: "stage_id",
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_deals_title_trgm",
                table: "deals",
                column: "title")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_deals_updated_at_id",
                table: "deals",
                columns: new[] { "updated_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_documents_organization_id_created_at",
                table: "documents",
                columns: new[] { "organization_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_documents_storage_key",
                table: "documents",
                column: "storage_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_events_awaiting_data",
                table: "events",
                column: "position",
                filter: "sequence IS NULL AND data IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_events_organization_id_sequence",
                table: "events",
                columns: new[] { "organization_id", "sequence" },
                filter: "sequence IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_events_sequence",
                table: "events",
                column: "sequence",
                unique: true,
                filter: "sequence IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_events_unsequenced",
                table: "events",
                column: "position",
                filter: "sequence IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_grade_history_organization_id_effective_from_created_at",
                table: "grade_history",
                columns: new[] { "organization_id", "effective_from", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ux_grade_history_computed_month",
                table: "grade_history",
                columns: new[] { "organization_id", "period_end" },
                unique: true,
                filter: "source = 'computed'");

            migrationBuilder.CreateIndex(
                name: "ix_grades_organization_kind_code",
                table: "grades",
                columns: new[] { "organization_kind", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_grades_organization_kind_rank",
                table: "grades",
                columns: new[] { "organization_kind", "rank" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_help_chat_links_position_id",
                table: "help_chat_links",
                columns: new[] { "position", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_requests_created_at",
                table: "idempotency_requests",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_import_operations_organization_id_created_at_id",
                table: "import_operations",
                columns: new[] { "organization_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_import_operations_status_created_at",
                table: "import_operations",
                columns: new[] { "status", "created_at" },
                filter: "status IN ('queued', 'running')");

            migrationBuilder.CreateIndex(
                name: "ix_invitations_accepted_user_id",
                table: "invitations",
                column: "accepted_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_invitations_created_at_id",
                table: "invitations",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_invitations_invited_by_user_id",
                table: "invitations",
                column: "invited_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_invitations_organization_id_created_at_id",
                table: "invitations",
                columns: new[] { "organization_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_invitations_organization_id_email",
                table: "invitations",
                columns: new[] { "organization_id", "email" });

            migrationBuilder.CreateIndex(
                name: "ix_invitations_token_hash",
                table: "invitations",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_article_versions_article_id_number",
                table: "knowledge_article_versions",
                columns: new[] { "article_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_articles_search_vector",
                table: "knowledge_articles",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_articles_section_id_updated_at",
                table: "knowledge_articles",
                columns: new[] { "section_id", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_articles_tags",
                table: "knowledge_articles",
                column: "tags")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_articles_title_trgm",
                table: "knowledge_articles",
                column: "title")
                .Annotation("Npgsql:IndexMethod", "gist")
                .Annotation("Npgsql:IndexOperators", new[] { "gist_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_faq_entries_question_trgm",
                table: "knowledge_faq_entries",
                column: "question")
                .Annotation("Npgsql:IndexMethod", "gist")
                .Annotation("Npgsql:IndexOperators", new[] { "gist_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_faq_entries_search_vector",
                table: "knowledge_faq_entries",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_faq_entries_section_id_position",
                table: "knowledge_faq_entries",
                columns: new[] { "section_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_lead_comments_lead_id_created_at_id",
                table: "lead_comments",
                columns: new[] { "lead_id", "created_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_lead_history_lead_id_at_id",
                table: "lead_history",
                columns: new[] { "lead_id", "at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_lead_returns_charge_entry_id",
                table: "lead_returns",
                column: "charge_entry_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_lead_returns_created_at_id",
                table: "lead_returns",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_lead_returns_decided_by_user_id",
                table: "lead_returns",
                column: "decided_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_lead_returns_organization_id_created_at_id",
                table: "lead_returns",
                columns: new[] { "organization_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_lead_returns_refund_entry_id",
                table: "lead_returns",
                column: "refund_entry_id");

            migrationBuilder.CreateIndex(
                name: "ix_lead_returns_requested_by_user_id",
                table: "lead_returns",
                column: "requested_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ux_lead_returns_open_per_lead",
                table: "lead_returns",
                column: "lead_id",
                unique: true,
                filter: "status = 'requested'");

            migrationBuilder.CreateIndex(
                name: "ix_leads_client_id",
                table: "leads",
                column: "client_id");

            migrationBuilder.CreateIndex(
                name: "ix_leads_comment_trgm",
                table: "leads",
                column: "comment")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_leads_created_at_id",
                table: "leads",
                columns: new[] { "created_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_leads_duplicate_of_lead_id",
                table: "leads",
                column: "duplicate_of_lead_id");

            migrationBuilder.CreateIndex(
                name: "ix_leads_organization_id_created_at_id",
                table: "leads",
                columns: new[] { "organization_id", "created_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_leads_organization_id_external_ref_owner_external_ref",
                table: "leads",
                columns: new[] { "organization_id", "external_ref_owner", "external_ref" },
                unique: true,
                filter: "external_ref IS NOT NULL AND deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_leads_organization_id_updated_at_id",
                table: "leads",
                columns: new[] { "organization_id", "updated_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_leads_requested_amount_id",
                table: "leads",
                columns: new[] { "requested_amount", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_leads_responsible_user_id",
                table: "leads",
                column: "responsible_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_leads_status",
                table: "leads",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_leads_updated_at_id",
                table: "leads",
                columns: new[] { "updated_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_created_by_user_id",
                table: "ledger_entries",
                column: "created_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_lead_id",
                table: "ledger_entries",
                column: "lead_id",
                filter: "lead_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_lot_id",
                table: "ledger_entries",
                column: "lot_id",
                filter: "lot_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_organization_id_created_at_id",
                table: "ledger_entries",
                columns: new[] { "organization_id", "created_at", "id" })
                .Annotation("Npgsql:IndexInclude", new[] { "amount", "kind" });

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_organization_id_entry_no",
                table: "ledger_entries",
                columns: new[] { "organization_id", "entry_no" },
                unique: true)
                .Annotation("Npgsql:IndexInclude", new[] { "balance_after", "held_after" });

            migrationBuilder.CreateIndex(
                name: "ux_ledger_entries_lot_charge",
                table: "ledger_entries",
                column: "lot_id",
                unique: true,
                filter: "kind = 'charge'");

            migrationBuilder.CreateIndex(
                name: "ix_lots_assigned_organization_id_closed_at",
                table: "lots",
                columns: new[] { "assigned_organization_id", "closed_at" },
                filter: "redistribution = 'rotated'");

            migrationBuilder.CreateIndex(
                name: "ix_lots_created_at_id",
                table: "lots",
                columns: new[] { "created_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_lots_lead_id",
                table: "lots",
                column: "lead_id");

            migrationBuilder.CreateIndex(
                name: "ix_lots_leader_organization_id",
                table: "lots",
                column: "leader_organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_lots_open_ends_at",
                table: "lots",
                columns: new[] { "ends_at", "id" },
                filter: "status = 'open' AND deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_lots_previous_lot_id",
                table: "lots",
                column: "previous_lot_id");

            migrationBuilder.CreateIndex(
                name: "ix_mail_outbox_due",
                table: "mail_outbox",
                columns: new[] { "next_attempt_at", "id" },
                filter: "status = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_messenger_links_channel_account_id",
                table: "messenger_links",
                columns: new[] { "channel", "account_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_messenger_links_user_id",
                table: "messenger_links",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_mfa_tokens_token_hash",
                table: "mfa_tokens",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_mfa_tokens_user_id",
                table: "mfa_tokens",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_organization_id",
                table: "notifications",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_recipient_user_id_created_at_id",
                table: "notifications",
                columns: new[] { "recipient_user_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_notifications_unread",
                table: "notifications",
                column: "recipient_user_id",
                filter: "read_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_organization_hosts_organization_id",
                table: "organization_hosts",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_organizations_deleted_at",
                table: "organizations",
                column: "deleted_at",
                filter: "deleted_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_organizations_inn",
                table: "organizations",
                column: "inn");

            migrationBuilder.CreateIndex(
                name: "ix_organizations_owner_user_id",
                table: "organizations",
                column: "owner_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_organizations_referral_code",
                table: "organizations",
                column: "referral_code",
                unique: true,
                filter: "referral_code IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_organizations_referrer_organization_id",
                table: "organizations",
                column: "referrer_organization_id",
                filter: "referrer_organization_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_organizations_status_created_at",
                table: "organizations",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_password_resets_email_requested_at",
                table: "password_resets",
                columns: new[] { "email", "requested_at" });

            migrationBuilder.CreateIndex(
                name: "ix_password_resets_token_hash",
                table: "password_resets",
                column: "token_hash",
                unique: true,
                filter: "token_hash IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_password_resets_user_id",
                table: "password_resets",
                column: "user_id",
                filter: "used_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_pipeline_stages_pipeline_id_position",
                table: "pipeline_stages",
                columns: new[] { "pipeline_id", "position" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_points_entries_awarded_on",
                table: "points_entries",
                column: "awarded_on");

            migrationBuilder.CreateIndex(
                name: "ix_points_entries_rule_source_user_id_kind",
                table: "points_entries",
                columns: new[] { "rule", "source", "user_id", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_points_entries_user_id_entry_no",
                table: "points_entries",
                columns: new[] { "user_id", "entry_no" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_points_entries_user_id_recorded_at_id",
                table: "points_entries",
                columns: new[] { "user_id", "recorded_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_refresh_tokens_family_id",
                table: "refresh_tokens",
                column: "family_id");

            migrationBuilder.CreateIndex(
                name: "ix_refresh_tokens_token_hash",
                table: "refresh_tokens",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_refresh_tokens_user_id",
                table: "refresh_tokens",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_role_claims_role_id",
                table: "role_claims",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "role_name_index",
                table: "roles",
                column: "normalized_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_saved_reports_organization_id_created_at",
                table: "saved_reports",
                columns: new[] { "organization_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_saved_reports_owner_user_id_created_at",
                table: "saved_reports",
                columns: new[] { "owner_user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_settlement_acceptance_codes_act_id_user_id_expires_at",
                table: "settlement_acceptance_codes",
                columns: new[] { "act_id", "user_id", "expires_at" });

            migrationBuilder.CreateIndex(
                name: "ix_settlement_acts_corrects_act_id",
                table: "settlement_acts",
                column: "corrects_act_id");

            migrationBuilder.CreateIndex(
                name: "ix_settlement_acts_number",
                table: "settlement_acts",
                column: "number",
                unique: true,
                filter: "number IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_settlement_acts_organization_id_created_at",
                table: "settlement_acts",
                columns: new[] { "organization_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_settlement_entry_claims_act_id",
                table: "settlement_entry_claims",
                column: "act_id");

            migrationBuilder.CreateIndex(
                name: "ix_stream_slots_caller",
                table: "stream_slots",
                column: "caller");

            migrationBuilder.CreateIndex(
                name: "ix_stream_slots_instance_id",
                table: "stream_slots",
                column: "instance_id");

            migrationBuilder.CreateIndex(
                name: "ix_stream_tickets_expires_at",
                table: "stream_tickets",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_stream_tickets_ticket_hash",
                table: "stream_tickets",
                column: "ticket_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tasks_assignee_user_id_due_at",
                table: "tasks",
                columns: new[] { "assignee_user_id", "due_at" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_created_at_id",
                table: "tasks",
                columns: new[] { "created_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_due_at_id",
                table: "tasks",
                columns: new[] { "due_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_open_by_due",
                table: "tasks",
                column: "due_at",
                filter: "done_at IS NULL AND deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_organization_id_due_at_id",
                table: "tasks",
                columns: new[] { "organization_id", "due_at", "id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_pending_reminders",
                table: "tasks",
                columns: new[] { "remind_at", "due_at" },
                filter: "reminder_sent_at IS NULL AND done_at IS NULL AND deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_subject_type_subject_id",
                table: "tasks",
                columns: new[] { "subject_type", "subject_id" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_telegram_group_links_chat_id",
                table: "telegram_group_links",
                column: "chat_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_telegram_group_links_organization_id",
                table: "telegram_group_links",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_telegram_link_codes_code_hash",
                table: "telegram_link_codes",
                column: "code_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_telegram_link_codes_organization_id",
                table: "telegram_link_codes",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_telegram_link_codes_user_id",
                table: "telegram_link_codes",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_ticket_messages_author_user_id",
                table: "ticket_messages",
                column: "author_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_ticket_messages_ticket_id_created_at_id",
                table: "ticket_messages",
                columns: new[] { "ticket_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_tickets_assignee_user_id_status",
                table: "tickets",
                columns: new[] { "assignee_user_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_tickets_author_user_id",
                table: "tickets",
                column: "author_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_created_at_id",
                table: "tickets",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_tickets_last_message_at_id",
                table: "tickets",
                columns: new[] { "last_message_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_tickets_organization_id_created_at_id",
                table: "tickets",
                columns: new[] { "organization_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_tickets_status_created_at",
                table: "tickets",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_training_assignments_course_id_position",
                table: "training_assignments",
                columns: new[] { "course_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_training_event_registrations_event_id_user_id",
                table: "training_event_registrations",
                columns: new[] { "event_id", "user_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_training_event_registrations_user_id",
                table: "training_event_registrations",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_training_events_starts_at_id",
                table: "training_events",
                columns: new[] { "starts_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_training_lesson_completions_course_id",
                table: "training_lesson_completions",
                column: "course_id");

            migrationBuilder.CreateIndex(
                name: "ix_training_lesson_completions_lesson_id",
                table: "training_lesson_completions",
                column: "lesson_id");

            migrationBuilder.CreateIndex(
                name: "ix_training_lesson_completions_user_id_course_id",
                table: "training_lesson_completions",
                columns: new[] { "user_id", "course_id" });

            migrationBuilder.CreateIndex(
                name: "ix_training_lesson_completions_user_id_lesson_id",
                table: "training_lesson_completions",
                columns: new[] { "user_id", "lesson_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_training_lessons_course_id_position",
                table: "training_lessons",
                columns: new[] { "course_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_training_submissions_assignment_id_user_id_attempt",
                table: "training_submissions",
                columns: new[] { "assignment_id", "user_id", "attempt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_training_submissions_course_id",
                table: "training_submissions",
                column: "course_id");

            migrationBuilder.CreateIndex(
                name: "ix_training_submissions_status_submitted_at_id",
                table: "training_submissions",
                columns: new[] { "status", "submitted_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_training_submissions_submitted_at_id",
                table: "training_submissions",
                columns: new[] { "submitted_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_user_claims_user_id",
                table: "user_claims",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_logins_user_id",
                table: "user_logins",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_roles_role_id",
                table: "user_roles",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "email_index",
                table: "users",
                column: "normalized_email");

            migrationBuilder.CreateIndex(
                name: "ix_users_organization_id",
                table: "users",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "user_name_index",
                table: "users",
                column: "normalized_user_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_webhook_attempts_delivery_id_attempted_at",
                table: "webhook_attempts",
                columns: new[] { "delivery_id", "attempted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_due",
                table: "webhook_deliveries",
                column: "next_attempt_at",
                filter: "status = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_subscription_id_created_at",
                table: "webhook_deliveries",
                columns: new[] { "subscription_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_subscription_id_event_id",
                table: "webhook_deliveries",
                columns: new[] { "subscription_id", "event_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_webhook_secrets_subscription_id",
                table: "webhook_secrets",
                column: "subscription_id");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_subscriptions_organization_id_created_at",
                table: "webhook_subscriptions",
                columns: new[] { "organization_id", "created_at" });

            // What the model does not describe: append-only and notifying triggers, the events' sequence and horizon,
            // a function the SQL of the hot paths shares, storage and deferrable-constraint settings.
            migrationBuilder.Sql(BaselineSql.Objects);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(BaselineSql.DropObjects);

            migrationBuilder.DropTable(
                name: "api_clients");

            migrationBuilder.DropTable(
                name: "auction_outbid_notices");

            migrationBuilder.DropTable(
                name: "audit_events");

            migrationBuilder.DropTable(
                name: "bids");

            migrationBuilder.DropTable(
                name: "calendar_feeds");

            migrationBuilder.DropTable(
                name: "commission_rules");

            migrationBuilder.DropTable(
                name: "deal_stage_history");

            migrationBuilder.DropTable(
                name: "document_counters");

            migrationBuilder.DropTable(
                name: "documents");

            migrationBuilder.DropTable(
                name: "events");

            migrationBuilder.DropTable(
                name: "grade_history");

            migrationBuilder.DropTable(
                name: "grades");

            migrationBuilder.DropTable(
                name: "help_chat_links");

            migrationBuilder.DropTable(
                name: "idempotency_requests");

            migrationBuilder.DropTable(
                name: "import_file_chunks");

            migrationBuilder.DropTable(
                name: "import_rejected_rows");

            migrationBuilder.DropTable(
                name: "invitations");

            migrationBuilder.DropTable(
                name: "knowledge_article_versions");

            migrationBuilder.DropTable(
                name: "knowledge_faq_entries");

            migrationBuilder.DropTable(
                name: "lead_comments");

            migrationBuilder.DropTable(
                name: "lead_history");

            migrationBuilder.DropTable(
                name: "lead_returns");

            migrationBuilder.DropTable(
                name: "mail_outbox");

            migrationBuilder.DropTable(
                name: "messenger_links");

            migrationBuilder.DropTable(
                name: "mfa_tokens");

            migrationBuilder.DropTable(
                name: "notification_preferences");

            migrationBuilder.DropTable(
                name: "notifications");

            migrationBuilder.DropTable(
                name: "organization_hosts");

            migrationBuilder.DropTable(
                name: "password_resets");

            migrationBuilder.DropTable(
                name: "points_cursor");

            migrationBuilder.DropTable(
                name: "points_entries");

            migrationBuilder.DropTable(
                name: "points_rule_sets");

            migrationBuilder.DropTable(
                name: "refresh_tokens");

            migrationBuilder.DropTable(
                name: "role_claims");

            migrationBuilder.DropTable(
                name: "role_permissions");

            migrationBuilder.DropTable(
                name: "saved_reports");

            migrationBuilder.DropTable(
                name: "settlement_acceptance_codes");

            migrationBuilder.DropTable(
                name: "settlement_entry_claims");

            migrationBuilder.DropTable(
                name: "signing_keys");

            migrationBuilder.DropTable(
                name: "stream_slots");

            migrationBuilder.DropTable(
                name: "stream_tickets");

            migrationBuilder.DropTable(
                name: "tasks");

            migrationBuilder.DropTable(
                name: "telegram_group_links");

            migrationBuilder.DropTable(
                name: "telegram_link_codes");

            migrationBuilder.DropTable(
                name: "ticket_messages");

            migrationBuilder.DropTable(
                name: "training_event_registrations");

            migrationBuilder.DropTable(
                name: "training_lesson_completions");

            migrationBuilder.DropTable(
                name: "training_submissions");

            migrationBuilder.DropTable(
                name: "user_claims");

            migrationBuilder.DropTable(
                name: "user_logins");

            migrationBuilder.DropTable(
                name: "user_roles");

            migrationBuilder.DropTable(
                name: "user_tokens");

            migrationBuilder.DropTable(
                name: "webhook_attempts");

            migrationBuilder.DropTable(
                name: "webhook_cursor");

            migrationBuilder.DropTable(
                name: "webhook_secrets");

            migrationBuilder.DropTable(
                name: "lots");

            migrationBuilder.DropTable(
                name: "import_operations");

            migrationBuilder.DropTable(
                name: "knowledge_articles");

            migrationBuilder.DropTable(
                name: "ledger_entries");

            migrationBuilder.DropTable(
                name: "commission_entries");

            migrationBuilder.DropTable(
                name: "settlement_acts");

            migrationBuilder.DropTable(
                name: "tickets");

            migrationBuilder.DropTable(
                name: "training_events");

            migrationBuilder.DropTable(
                name: "training_lessons");

            migrationBuilder.DropTable(
                name: "training_assignments");

            migrationBuilder.DropTable(
                name: "roles");

            migrationBuilder.DropTable(
                name: "webhook_deliveries");

            migrationBuilder.DropTable(
                name: "knowledge_sections");

            migrationBuilder.DropTable(
                name: "deals");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "training_courses");

            migrationBuilder.DropTable(
                name: "webhook_subscriptions");

            migrationBuilder.DropTable(
                name: "banks");

            migrationBuilder.DropTable(
                name: "leads");

            migrationBuilder.DropTable(
                name: "pipeline_stages");

            migrationBuilder.DropTable(
                name: "clients");

            migrationBuilder.DropTable(
                name: "lead_statuses");

            migrationBuilder.DropTable(
                name: "pipelines");

            migrationBuilder.DropTable(
                name: "client_sources");

            migrationBuilder.DropTable(
                name: "organizations");
        }
    }
}
