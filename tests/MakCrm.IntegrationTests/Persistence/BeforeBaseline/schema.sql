--
-- PostgreSQL database dump
--

\restrict x34VkqLLYtNDif9Bn0Kvc2q3Mf6pA6WWaWLmrbe183LaDmb503tppsdcIZ5LMSy

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: pg_trgm; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;


--
-- Name: EXTENSION pg_trgm; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pg_trgm IS 'text similarity measurement and index searching based on trigrams';


--
-- Name: audit_events_append_only(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.audit_events_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;


--
-- Name: commission_entries_append_only(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.commission_entries_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'commission_entries is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;


--
-- Name: ledger_entries_append_only(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.ledger_entries_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'ledger_entries is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;


--
-- Name: notify_events_raised(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.notify_events_raised() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM raised) THEN
        PERFORM pg_notify('mak_events_raised', '');
    END IF;
    RETURN NULL;
END $$;


--
-- Name: notify_stream_bids(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.notify_stream_bids() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM pg_notify('mak_stream_bids', string_agg(DISTINCT lot_id::text, ',')) FROM new_bids HAVING count(*) > 0;
    RETURN NULL;
END $$;


--
-- Name: notify_stream_notification(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.notify_stream_notification() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM pg_notify('mak_stream_notifications', NEW.recipient_user_id::text || ',' || NEW.id::text);
    RETURN NULL;
END $$;


--
-- Name: notify_user_standing_changed(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.notify_user_standing_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM pg_notify('mak_user_standing', '');
    RETURN NULL;
END $$;


--
-- Name: points_entries_append_only(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.points_entries_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'points_entries is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;


--
-- Name: user_display_name(text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.user_display_name(full_name text, email text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN full_name <> '' THEN full_name ELSE coalesce(email, '') END $$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: __ef_migrations_history; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.__ef_migrations_history (
    "MigrationId" character varying(150) NOT NULL,
    "ProductVersion" character varying(32) NOT NULL
);


--
-- Name: api_clients; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.api_clients (
    client_id character varying(64) NOT NULL,
    name character varying(200) NOT NULL,
    is_confidential boolean NOT NULL,
    secret_hash character varying(200),
    organization_id uuid,
    scopes text[] NOT NULL,
    is_enabled boolean NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: auction_outbid_notices; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auction_outbid_notices (
    bid_id uuid NOT NULL,
    lot_id uuid NOT NULL,
    lead_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    amount numeric(14,2) NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: audit_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_events (
    id uuid NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    kind character varying(16) NOT NULL,
    action character varying(64) NOT NULL,
    actor_user_id uuid,
    actor_client_id character varying(64),
    organization_id uuid,
    entity_type character varying(64),
    entity_id uuid,
    changes jsonb,
    ip_address character varying(64),
    trace_id character varying(32)
);


--
-- Name: banks; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.banks (
    id uuid NOT NULL,
    code character varying(32) NOT NULL,
    name character varying(200) NOT NULL,
    active boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL
);


--
-- Name: bids; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.bids (
    id uuid NOT NULL,
    lot_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    user_id uuid,
    api_client_id character varying(64),
    amount numeric(14,2) NOT NULL,
    placed_at timestamp with time zone NOT NULL,
    ends_at_after timestamp with time zone NOT NULL,
    bidder_number integer NOT NULL,
    CONSTRAINT ck_bids_amount CHECK ((amount > (0)::numeric))
);


--
-- Name: calendar_feeds; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.calendar_feeds (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    token_hash character(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone,
    last_read_at timestamp with time zone
);


--
-- Name: client_sources; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.client_sources (
    id uuid NOT NULL,
    code character varying(32) NOT NULL,
    name character varying(100) NOT NULL,
    "position" integer NOT NULL,
    active boolean NOT NULL,
    duplicate_policy character varying(16) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL
);


--
-- Name: clients; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.clients (
    id uuid NOT NULL,
    full_name character varying(200) NOT NULL,
    phone character varying(16) NOT NULL,
    email character varying(254),
    city character varying(100),
    source character varying(32) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL,
    organization_id uuid NOT NULL,
    consent_given_at timestamp with time zone,
    consent_text_version character varying(50),
    consent_withdrawn_at timestamp with time zone,
    processing_method character varying(32),
    tags text[] DEFAULT ARRAY[]::text[] NOT NULL,
    attribution jsonb,
    external_ref character varying(100),
    external_ref_owner character varying(300),
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    CONSTRAINT ck_clients_consent_complete CHECK ((((consent_given_at IS NULL) = (consent_text_version IS NULL)) AND ((consent_withdrawn_at IS NULL) OR (consent_given_at IS NOT NULL))))
);


--
-- Name: commission_entries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.commission_entries (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    kind character varying(16) NOT NULL,
    amount numeric(14,2) NOT NULL,
    on_hold_change numeric(14,2) NOT NULL,
    available_change numeric(14,2) NOT NULL,
    deal_id uuid,
    issue_no integer,
    level integer,
    source_organization_id uuid,
    issued_on date,
    bank_code character varying(32),
    product character varying(32),
    grade character varying(32),
    base numeric(14,2),
    share numeric(7,4),
    hold_until date,
    follows_entry_id uuid,
    idempotency_key character varying(120) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    available_after numeric(18,2) NOT NULL,
    entry_no bigint NOT NULL,
    on_hold_after numeric(18,2) NOT NULL,
    fee_revision integer,
    reason character varying(500),
    rewards_month date,
    rewards_rank integer,
    rewards_user_id uuid,
    CONSTRAINT ck_commission_entries_amount_sign CHECK (((((kind)::text = ANY ((ARRAY['accrual'::character varying, 'release'::character varying, 'bonus'::character varying])::text[])) AND (amount > (0)::numeric)) OR (((kind)::text = 'reversal'::text) AND (amount < (0)::numeric)) OR (((kind)::text = 'payout'::text) AND (amount < (0)::numeric)))),
    CONSTRAINT ck_commission_entries_bonus CHECK ((((kind)::text <> 'bonus'::text) OR ((reason IS NOT NULL) AND (deal_id IS NULL) AND (on_hold_change = (0)::numeric) AND (available_change = amount)))),
    CONSTRAINT ck_commission_entries_level CHECK (((level IS NULL) OR (level = ANY (ARRAY[1, 2])))),
    CONSTRAINT ck_commission_entries_rewards CHECK ((((rewards_user_id IS NULL) AND (rewards_month IS NULL) AND (rewards_rank IS NULL)) OR ((rewards_user_id IS NOT NULL) AND (rewards_month IS NOT NULL) AND (rewards_rank > 0))))
);


--
-- Name: commission_rules; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.commission_rules (
    id uuid NOT NULL,
    kind character varying(32) NOT NULL,
    effective_from date NOT NULL,
    bank_code character varying(32),
    product character varying(32),
    base_method character varying(32),
    rate numeric(7,4),
    grade character varying(32),
    hold_days integer,
    created_by_user_id uuid,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL,
    CONSTRAINT ck_commission_rules_kind_fields CHECK (((((kind)::text = 'base'::text) AND (bank_code IS NOT NULL) AND (product IS NOT NULL) AND (base_method IS NOT NULL) AND (((base_method)::text = 'received_fee'::text) = (rate IS NULL))) OR (((kind)::text = 'partner_share'::text) AND (grade IS NOT NULL) AND (rate IS NOT NULL)) OR (((kind)::text = 'level2_share'::text) AND (rate IS NOT NULL)) OR (((kind)::text = 'hold_period'::text) AND (product IS NOT NULL) AND (hold_days IS NOT NULL))))
);


--
-- Name: deal_stage_history; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.deal_stage_history (
    id uuid NOT NULL,
    deal_id uuid NOT NULL,
    at timestamp with time zone NOT NULL,
    actor_user_id uuid,
    actor_client_id character varying(64),
    from_pipeline_id uuid,
    from_stage_id uuid,
    to_pipeline_id uuid NOT NULL,
    to_stage_id uuid NOT NULL
);


--
-- Name: deals; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.deals (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    client_id uuid NOT NULL,
    lead_id uuid,
    title character varying(200) NOT NULL,
    amount numeric(14,2) NOT NULL,
    bank character varying(200),
    product character varying(32) NOT NULL,
    responsible_user_id uuid,
    pipeline_id uuid NOT NULL,
    stage_id uuid NOT NULL,
    closed_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL,
    loan_amount numeric(14,2),
    loan_bank_code character varying(32),
    loan_cancellation_reason character varying(32),
    loan_cancelled_on date,
    loan_issue_no integer DEFAULT 0 NOT NULL,
    loan_issued_on date,
    loan_product character varying(32),
    loan_term_months integer,
    loan_fee_amount numeric(14,2),
    loan_fee_received_on date,
    loan_fee_reference character varying(100),
    loan_fee_revision integer DEFAULT 0 NOT NULL,
    CONSTRAINT ck_deals_loan_fee CHECK ((((loan_fee_revision = 0) AND (loan_fee_amount IS NULL) AND (loan_fee_received_on IS NULL) AND (loan_fee_reference IS NULL)) OR ((loan_fee_revision > 0) AND (loan_issue_no > 0) AND (loan_fee_amount > (0)::numeric) AND (loan_fee_received_on IS NOT NULL)))),
    CONSTRAINT ck_deals_loan_issue CHECK ((((loan_issue_no = 0) AND (loan_issued_on IS NULL)) OR ((loan_issue_no > 0) AND (loan_issued_on IS NOT NULL) AND (loan_amount > (0)::numeric) AND (loan_bank_code IS NOT NULL) AND (loan_product IS NOT NULL) AND (loan_term_months > 0))))
);


--
-- Name: document_counters; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.document_counters (
    issuer_id uuid NOT NULL,
    series character varying(16) NOT NULL,
    year integer NOT NULL,
    last_number bigint NOT NULL,
    CONSTRAINT ck_document_counters_last_number CHECK ((last_number > 0))
);


--
-- Name: documents; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.documents (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    kind character varying(32) NOT NULL,
    origin character varying(16) NOT NULL,
    file_name character varying(255) NOT NULL,
    content_type character varying(128) NOT NULL,
    size bigint NOT NULL,
    sha256 character(64) NOT NULL,
    storage_key character varying(200) NOT NULL,
    template_name character varying(100),
    template_version integer,
    template_input jsonb,
    created_by_user_id uuid,
    created_by_client_id character varying(100),
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL
);


--
-- Name: event_horizon; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.event_horizon (
    id integer NOT NULL,
    purged_through bigint NOT NULL,
    CONSTRAINT event_horizon_id_check CHECK ((id = 1))
);


--
-- Name: event_sequence; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.event_sequence
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.events (
    id uuid NOT NULL,
    "position" bigint NOT NULL,
    sequence bigint,
    type character varying(64) NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    organization_id uuid NOT NULL,
    actor_user_id uuid,
    actor_client_id character varying(64),
    actor_display_name character varying(300),
    resource_type character varying(32) NOT NULL,
    resource_id uuid NOT NULL,
    data json
);


--
-- Name: events_position_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.events ALTER COLUMN "position" ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.events_position_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: grade_history; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.grade_history (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    grade character varying(32),
    previous_grade character varying(32),
    effective_from date NOT NULL,
    source character varying(16) NOT NULL,
    reason character varying(1000),
    set_by_user_id uuid,
    issued_volume numeric(18,2),
    issued_count integer,
    period_start date,
    period_end date,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL
);


--
-- Name: grades; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.grades (
    id uuid NOT NULL,
    organization_kind character varying(32) NOT NULL,
    code character varying(32) NOT NULL,
    name character varying(100) NOT NULL,
    rank integer NOT NULL,
    basis character varying(32) NOT NULL,
    threshold numeric(18,2) NOT NULL,
    period_months integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL,
    CONSTRAINT ck_grades_period_months CHECK (((period_months >= 1) AND (period_months <= 24))),
    CONSTRAINT ck_grades_threshold CHECK ((threshold >= (0)::numeric))
);


--
-- Name: help_chat_links; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.help_chat_links (
    id uuid NOT NULL,
    title character varying(100) NOT NULL,
    url character varying(500) NOT NULL,
    channel character varying(16) NOT NULL,
    "position" integer NOT NULL,
    audience text[] NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL
);


--
-- Name: idempotency_requests; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.idempotency_requests (
    scope character varying(64) NOT NULL,
    key character varying(255) NOT NULL,
    request_hash bytea NOT NULL,
    created_at timestamp with time zone NOT NULL,
    response_status integer,
    response_headers jsonb,
    response_body bytea,
    response_reference jsonb
);


--
-- Name: import_file_chunks; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.import_file_chunks (
    operation_id uuid NOT NULL,
    sequence integer NOT NULL,
    data bytea NOT NULL
);


--
-- Name: import_operations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.import_operations (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    created_by_user_id uuid,
    created_by_client_id character varying(100),
    kind character varying(32) NOT NULL,
    status character varying(32) NOT NULL,
    file_name character varying(255) NOT NULL,
    file_format character varying(16) NOT NULL,
    file_size bigint NOT NULL,
    default_source character varying(32),
    rows_read bigint NOT NULL,
    created bigint NOT NULL,
    duplicates bigint NOT NULL,
    rejected bigint NOT NULL,
    last_committed_row bigint NOT NULL,
    columns text[] NOT NULL,
    failure_code character varying(64),
    failure_detail text,
    attempts integer NOT NULL,
    lease_owner character varying(200),
    lease_expires_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    started_at timestamp with time zone,
    finished_at timestamp with time zone,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT ck_import_operations_rows_accounted CHECK ((rows_read = ((created + duplicates) + rejected)))
);


--
-- Name: import_rejected_rows; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.import_rejected_rows (
    operation_id uuid NOT NULL,
    row_number bigint NOT NULL,
    cells text[] NOT NULL,
    reason text NOT NULL
);


--
-- Name: invitations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.invitations (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    email character varying(256) NOT NULL,
    full_name character varying(200) NOT NULL,
    role character varying(64) NOT NULL,
    token_hash character varying(64) NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    status character varying(16) NOT NULL,
    invited_by_user_id uuid,
    accepted_user_id uuid,
    accepted_at timestamp with time zone,
    revoked_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL,
    CONSTRAINT ck_invitations_status CHECK (((status)::text = ANY ((ARRAY['pending'::character varying, 'accepted'::character varying, 'revoked'::character varying])::text[])))
);


--
-- Name: knowledge_article_versions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.knowledge_article_versions (
    id uuid NOT NULL,
    article_id uuid NOT NULL,
    number integer NOT NULL,
    title character varying(300) NOT NULL,
    body text NOT NULL,
    changed_fields text[] NOT NULL,
    changed_by_user_id uuid,
    changed_by_client_id character varying(100),
    changed_at timestamp with time zone NOT NULL
);


--
-- Name: knowledge_articles; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.knowledge_articles (
    id uuid NOT NULL,
    section_id uuid NOT NULL,
    title character varying(300) NOT NULL,
    body text NOT NULL,
    body_html text NOT NULL,
    tags text[] NOT NULL,
    status character varying(16) NOT NULL,
    visible_to_roles text[] NOT NULL,
    visible_to_kinds text[] NOT NULL,
    attachment_ids uuid[] NOT NULL,
    video_document_id uuid,
    video_url character varying(2000),
    published_at timestamp with time zone,
    revision integer NOT NULL,
    created_by_user_id uuid,
    search_vector tsvector GENERATED ALWAYS AS ((setweight(to_tsvector('russian'::regconfig, (COALESCE(title, ''::character varying))::text), 'A'::"char") || setweight(to_tsvector('russian'::regconfig, COALESCE(body, ''::text)), 'B'::"char"))) STORED,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL
);
ALTER TABLE ONLY public.knowledge_articles ALTER COLUMN search_vector SET STORAGE MAIN;


--
-- Name: knowledge_faq_entries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.knowledge_faq_entries (
    id uuid NOT NULL,
    section_id uuid NOT NULL,
    question character varying(500) NOT NULL,
    answer text NOT NULL,
    answer_html text NOT NULL,
    "position" integer NOT NULL,
    visible_to_roles text[] NOT NULL,
    visible_to_kinds text[] NOT NULL,
    search_vector tsvector GENERATED ALWAYS AS ((setweight(to_tsvector('russian'::regconfig, (COALESCE(question, ''::character varying))::text), 'A'::"char") || setweight(to_tsvector('russian'::regconfig, COALESCE(answer, ''::text)), 'B'::"char"))) STORED,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL
);
ALTER TABLE ONLY public.knowledge_faq_entries ALTER COLUMN search_vector SET STORAGE MAIN;


--
-- Name: knowledge_sections; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.knowledge_sections (
    id uuid NOT NULL,
    title character varying(200) NOT NULL,
    "position" integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL
);


--
-- Name: lead_comments; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.lead_comments (
    id uuid NOT NULL,
    lead_id uuid NOT NULL,
    author_user_id uuid,
    author_client_id character varying(64),
    text character varying(4000) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL
);


--
-- Name: lead_history; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.lead_history (
    id uuid NOT NULL,
    lead_id uuid NOT NULL,
    at timestamp with time zone NOT NULL,
    actor_user_id uuid,
    actor_client_id character varying(64),
    field character varying(32) NOT NULL,
    old_value character varying(2000),
    new_value character varying(2000)
);


--
-- Name: lead_returns; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.lead_returns (
    id uuid NOT NULL,
    lead_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    charge_entry_id uuid NOT NULL,
    amount numeric(14,2) NOT NULL,
    lot_id uuid,
    reason character varying(32) NOT NULL,
    comment character varying(1000),
    status character varying(16) NOT NULL,
    requested_by_user_id uuid,
    decided_by_user_id uuid,
    decided_at timestamp with time zone,
    rejection_reason character varying(1000),
    refund_entry_id uuid,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL,
    CONSTRAINT ck_lead_returns_decision CHECK (((((status)::text = 'requested'::text) AND (decided_at IS NULL) AND (refund_entry_id IS NULL) AND (rejection_reason IS NULL)) OR (((status)::text = 'accepted'::text) AND (decided_at IS NOT NULL) AND (refund_entry_id IS NOT NULL)) OR (((status)::text = 'rejected'::text) AND (decided_at IS NOT NULL) AND (rejection_reason IS NOT NULL))))
);


--
-- Name: lead_statuses; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.lead_statuses (
    id uuid NOT NULL,
    code character varying(32) NOT NULL,
    name character varying(100) NOT NULL,
    color character(7) NOT NULL,
    "position" integer NOT NULL,
    kind character varying(16) NOT NULL,
    transitions text[] NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL,
    allowed_roles text[] DEFAULT ARRAY[]::text[] NOT NULL,
    initial boolean DEFAULT false NOT NULL
);


--
-- Name: leads; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.leads (
    id uuid NOT NULL,
    client_id uuid NOT NULL,
    requested_amount numeric(14,2),
    product character varying(32),
    comment character varying(2000),
    status character varying(32) NOT NULL,
    responsible_user_id uuid,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL,
    organization_id uuid NOT NULL,
    duplicate_of_lead_id uuid,
    attribution jsonb,
    consent_given_at timestamp with time zone,
    consent_text_version character varying(50),
    external_ref character varying(100),
    external_ref_owner character varying(300),
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    CONSTRAINT ck_leads_consent_complete CHECK (((consent_given_at IS NULL) = (consent_text_version IS NULL)))
);


--
-- Name: ledger_entries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.ledger_entries (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    kind character varying(16) NOT NULL,
    amount numeric(14,2) NOT NULL,
    lot_id uuid,
    bid_id uuid,
    lead_id uuid,
    return_id uuid,
    comment character varying(500),
    created_by_user_id uuid,
    created_at timestamp with time zone NOT NULL,
    balance_after numeric(18,2) NOT NULL,
    entry_no bigint NOT NULL,
    held_after numeric(18,2) NOT NULL,
    CONSTRAINT ck_ledger_entries_amount_sign CHECK (((((kind)::text = ANY ((ARRAY['deposit'::character varying, 'hold_release'::character varying, 'refund'::character varying])::text[])) AND (amount > (0)::numeric)) OR (((kind)::text = ANY ((ARRAY['hold'::character varying, 'charge'::character varying])::text[])) AND (amount < (0)::numeric)) OR (((kind)::text = 'adjustment'::text) AND (amount <> (0)::numeric))))
);


--
-- Name: lots; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.lots (
    id uuid NOT NULL,
    lead_id uuid NOT NULL,
    start_price numeric(14,2) NOT NULL,
    min_step numeric(14,2) NOT NULL,
    reserve_price numeric(14,2),
    starts_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    eligible_cities text[] NOT NULL,
    eligible_grades text[] NOT NULL,
    status character varying(16) NOT NULL,
    current_price numeric(14,2),
    leader_organization_id uuid,
    leader_bid_id uuid,
    bid_count integer NOT NULL,
    round integer NOT NULL,
    previous_lot_id uuid,
    closed_at timestamp with time zone,
    outcome character varying(16),
    redistribution character varying(16),
    assigned_organization_id uuid,
    relisted_as_lot_id uuid,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL,
    CONSTRAINT ck_lots_prices CHECK (((start_price > (0)::numeric) AND (min_step > (0)::numeric) AND ((reserve_price IS NULL) OR (reserve_price > (0)::numeric)))),
    CONSTRAINT ck_lots_times CHECK ((ends_at > starts_at))
);


--
-- Name: mail_outbox; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.mail_outbox (
    id uuid NOT NULL,
    to_address character varying(320) NOT NULL,
    template character varying(64) NOT NULL,
    "values" jsonb NOT NULL,
    status character varying(16) NOT NULL,
    attempts integer NOT NULL,
    next_attempt_at timestamp with time zone NOT NULL,
    lease_owner character varying(200),
    lease_expires_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    sent_at timestamp with time zone,
    last_error character varying(2000),
    CONSTRAINT ck_mail_outbox_status CHECK (((status)::text = ANY ((ARRAY['pending'::character varying, 'sent'::character varying, 'failed'::character varying])::text[])))
);


--
-- Name: messenger_links; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.messenger_links (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    account_id character varying(64) NOT NULL,
    chat_id bigint,
    display_name character varying(256),
    client_id character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    channel character varying(16) NOT NULL
);


--
-- Name: mfa_tokens; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.mfa_tokens (
    id uuid NOT NULL,
    token_hash character varying(64) NOT NULL,
    user_id uuid NOT NULL,
    client_id character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL
);


--
-- Name: notification_preferences; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.notification_preferences (
    user_id uuid NOT NULL,
    kind character varying(32) NOT NULL,
    channel character varying(16) NOT NULL,
    enabled boolean NOT NULL
);


--
-- Name: notifications; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.notifications (
    id uuid NOT NULL,
    recipient_user_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    kind character varying(32) NOT NULL,
    title character varying(200) NOT NULL,
    body character varying(2000),
    subject_type character varying(16),
    subject_id uuid,
    created_at timestamp with time zone NOT NULL,
    read_at timestamp with time zone
);


--
-- Name: organization_hosts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.organization_hosts (
    host character varying(253) NOT NULL,
    organization_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: organizations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.organizations (
    id uuid NOT NULL,
    kind character varying(32) NOT NULL,
    name character varying(200) NOT NULL,
    legal_form character varying(32),
    inn character varying(12),
    city character varying(100),
    niche character varying(200),
    contact_phone character varying(16),
    contact_email character varying(254),
    status character varying(32) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL,
    rejection_reason character varying(1000),
    grade character varying(32),
    owner_user_id uuid,
    bank_name character varying(200),
    bik character varying(9),
    correspondent_account character varying(20),
    kpp character varying(9),
    legal_address character varying(500),
    legal_name character varying(500),
    logo_url character varying(500),
    ogrn character varying(15),
    postal_address character varying(500),
    settlement_account character varying(20),
    signatory_basis character varying(200),
    signatory_name character varying(200),
    signatory_position character varying(200),
    tax_regime character varying(32),
    website character varying(500),
    referrer_organization_id uuid,
    referral_code character varying(16),
    referrer_correction_reason character varying(1000)
);


--
-- Name: password_resets; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.password_resets (
    id uuid NOT NULL,
    email character varying(256) NOT NULL,
    user_id uuid,
    token_hash character varying(64),
    requested_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    ip_address character varying(64)
);


--
-- Name: pipeline_stages; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.pipeline_stages (
    id uuid NOT NULL,
    pipeline_id uuid NOT NULL,
    name character varying(100) NOT NULL,
    "position" integer NOT NULL,
    kind character varying(16) NOT NULL,
    triggers jsonb NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL,
    win_probability integer,
    CONSTRAINT ck_pipeline_stages_win_probability CHECK (((win_probability >= 0) AND (win_probability <= 100)))
);


--
-- Name: pipelines; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.pipelines (
    id uuid NOT NULL,
    name character varying(100) NOT NULL,
    "position" integer NOT NULL,
    is_archived boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL
);


--
-- Name: points_cursor; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.points_cursor (
    id integer NOT NULL,
    last_sequence bigint NOT NULL
);


--
-- Name: points_entries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.points_entries (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    entry_no bigint NOT NULL,
    kind character varying(16) NOT NULL,
    rule character varying(32) NOT NULL,
    source character varying(100) NOT NULL,
    points integer NOT NULL,
    reason character varying(16),
    balance_after bigint NOT NULL,
    event_id uuid NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    awarded_on date NOT NULL,
    recorded_at timestamp with time zone NOT NULL
);


--
-- Name: points_rule_sets; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.points_rule_sets (
    id uuid NOT NULL,
    rules jsonb NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL
);


--
-- Name: refresh_tokens; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.refresh_tokens (
    id uuid NOT NULL,
    family_id uuid NOT NULL,
    user_id uuid NOT NULL,
    client_id character varying(64) NOT NULL,
    token_hash character varying(64) NOT NULL,
    amr character varying(32) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    spent_at timestamp with time zone,
    revoked_at timestamp with time zone,
    authenticated_at timestamp with time zone DEFAULT '-infinity'::timestamp with time zone NOT NULL,
    ip_address character varying(64),
    user_agent character varying(512)
);


--
-- Name: role_claims; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.role_claims (
    id integer NOT NULL,
    role_id uuid NOT NULL,
    claim_type text,
    claim_value text
);


--
-- Name: role_claims_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.role_claims ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.role_claims_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: role_permissions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.role_permissions (
    role_id uuid NOT NULL,
    permission character varying(64) NOT NULL
);


--
-- Name: roles; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.roles (
    id uuid NOT NULL,
    requires_two_factor boolean NOT NULL,
    name character varying(256),
    normalized_name character varying(256),
    concurrency_stamp text
);


--
-- Name: saved_reports; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.saved_reports (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    owner_user_id uuid,
    owner_client_id character varying(100),
    name character varying(200) NOT NULL,
    definition jsonb NOT NULL,
    shared_with_roles text[] NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL
);


--
-- Name: settlement_acceptance_codes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.settlement_acceptance_codes (
    id uuid NOT NULL,
    act_id uuid NOT NULL,
    user_id uuid NOT NULL,
    code_hash character varying(64) NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    attempts integer NOT NULL,
    spent_at timestamp with time zone
);


--
-- Name: settlement_acts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.settlement_acts (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    period_from date NOT NULL,
    period_to date NOT NULL,
    status character varying(16) NOT NULL,
    total numeric(14,2) NOT NULL,
    corrects_act_id uuid,
    number character varying(32),
    issued_on date,
    document_id uuid,
    created_by_user_id uuid NOT NULL,
    accepted_by_user_id uuid,
    accepted_at timestamp with time zone,
    accepted_from_address character varying(64),
    accepted_document_sha256 character varying(64),
    paid_on date,
    paid_amount numeric(14,2),
    tax_receipt_number character varying(100),
    tax_receipt_url character varying(500),
    paid_by_user_id uuid,
    lines jsonb NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL
);


--
-- Name: settlement_entry_claims; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.settlement_entry_claims (
    entry_id uuid NOT NULL,
    act_id uuid NOT NULL
);


--
-- Name: signing_keys; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.signing_keys (
    kid character varying(64) NOT NULL,
    encrypted_private_key bytea NOT NULL,
    modulus text NOT NULL,
    exponent text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    retired_at timestamp with time zone
);


--
-- Name: stream_slots; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.stream_slots (
    id uuid NOT NULL,
    caller character varying(64) NOT NULL,
    instance_id uuid NOT NULL,
    opened_at timestamp with time zone NOT NULL,
    renewed_at timestamp with time zone NOT NULL
);


--
-- Name: stream_tickets; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.stream_tickets (
    id uuid NOT NULL,
    ticket_hash character varying(64) NOT NULL,
    subject character varying(64) NOT NULL,
    client_id character varying(64) NOT NULL,
    organization_id uuid NOT NULL,
    sign_in_id uuid,
    scope text,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL
);


--
-- Name: tasks; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tasks (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    subject_type character varying(16) NOT NULL,
    subject_id uuid NOT NULL,
    title character varying(200) NOT NULL,
    description character varying(4000),
    assignee_user_id uuid NOT NULL,
    due_at timestamp with time zone NOT NULL,
    remind_at timestamp with time zone,
    done_at timestamp with time zone,
    done_by uuid,
    created_by uuid,
    reminder_sent_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL,
    overdue_notified_for timestamp with time zone,
    CONSTRAINT ck_tasks_remind_not_after_due CHECK (((remind_at IS NULL) OR (remind_at <= due_at)))
);


--
-- Name: telegram_group_links; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.telegram_group_links (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    chat_id bigint NOT NULL,
    title character varying(256) NOT NULL,
    client_id character varying(64) NOT NULL,
    linked_by_user_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: telegram_link_codes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.telegram_link_codes (
    id uuid NOT NULL,
    code_hash character varying(64) NOT NULL,
    kind character varying(16) NOT NULL,
    user_id uuid NOT NULL,
    organization_id uuid,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    used_by_client_id character varying(64),
    link_id uuid
);


--
-- Name: ticket_messages; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.ticket_messages (
    id uuid NOT NULL,
    ticket_id uuid NOT NULL,
    author_user_id uuid NOT NULL,
    from_support boolean NOT NULL,
    internal boolean NOT NULL,
    text character varying(10000) NOT NULL,
    attachment_ids uuid[] NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: tickets; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tickets (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    author_user_id uuid NOT NULL,
    subject character varying(200) NOT NULL,
    category character varying(32) NOT NULL,
    priority character varying(16) NOT NULL,
    status character varying(32) NOT NULL,
    assignee_user_id uuid,
    first_response_at timestamp with time zone,
    resolved_at timestamp with time zone,
    closed_at timestamp with time zone,
    last_message_at timestamp with time zone NOT NULL,
    message_count integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL
);


--
-- Name: training_assignments; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.training_assignments (
    id uuid NOT NULL,
    course_id uuid NOT NULL,
    title character varying(300) NOT NULL,
    instructions text NOT NULL,
    due_days integer,
    due_on date,
    max_points integer NOT NULL,
    "position" integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL
);


--
-- Name: training_courses; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.training_courses (
    id uuid NOT NULL,
    title character varying(300) NOT NULL,
    description text NOT NULL,
    status character varying(16) NOT NULL,
    audience_roles text[] NOT NULL,
    audience_kinds text[] NOT NULL,
    required_for text[] NOT NULL,
    "position" integer NOT NULL,
    published_at timestamp with time zone,
    created_by_user_id uuid,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL
);


--
-- Name: training_event_registrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.training_event_registrations (
    id uuid NOT NULL,
    event_id uuid NOT NULL,
    user_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    registered_at timestamp with time zone NOT NULL,
    attended_at timestamp with time zone,
    attended_via character varying(16)
);


--
-- Name: training_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.training_events (
    id uuid NOT NULL,
    title character varying(300) NOT NULL,
    description text NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    format character varying(16) NOT NULL,
    place character varying(500),
    url character varying(2000),
    capacity integer NOT NULL,
    audience_roles text[] NOT NULL,
    audience_kinds text[] NOT NULL,
    registration_open boolean NOT NULL,
    check_in_code character varying(32) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL
);


--
-- Name: training_lesson_completions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.training_lesson_completions (
    id uuid NOT NULL,
    course_id uuid NOT NULL,
    lesson_id uuid NOT NULL,
    user_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    completed_at timestamp with time zone NOT NULL
);


--
-- Name: training_lessons; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.training_lessons (
    id uuid NOT NULL,
    course_id uuid NOT NULL,
    title character varying(300) NOT NULL,
    kind character varying(16) NOT NULL,
    article_id uuid,
    video_document_id uuid,
    video_url character varying(2000),
    document_ids uuid[] NOT NULL,
    text text,
    "position" integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL
);


--
-- Name: training_submissions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.training_submissions (
    id uuid NOT NULL,
    course_id uuid NOT NULL,
    assignment_id uuid NOT NULL,
    user_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    attempt integer NOT NULL,
    text text NOT NULL,
    document_ids uuid[] NOT NULL,
    status character varying(16) NOT NULL,
    submitted_at timestamp with time zone NOT NULL,
    due_at timestamp with time zone,
    late boolean NOT NULL,
    points integer,
    feedback character varying(5000),
    reviewed_by_user_id uuid,
    reviewed_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL
);


--
-- Name: user_claims; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.user_claims (
    id integer NOT NULL,
    user_id uuid NOT NULL,
    claim_type text,
    claim_value text
);


--
-- Name: user_claims_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.user_claims ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.user_claims_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: user_logins; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.user_logins (
    login_provider text NOT NULL,
    provider_key text NOT NULL,
    provider_display_name text,
    user_id uuid NOT NULL
);


--
-- Name: user_roles; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.user_roles (
    user_id uuid NOT NULL,
    role_id uuid NOT NULL
);


--
-- Name: user_tokens; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.user_tokens (
    user_id uuid NOT NULL,
    login_provider text NOT NULL,
    name text NOT NULL,
    value text
);


--
-- Name: users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.users (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    full_name character varying(200) NOT NULL,
    is_disabled boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    user_name character varying(256),
    normalized_user_name character varying(256),
    email character varying(256),
    normalized_email character varying(256),
    email_confirmed boolean NOT NULL,
    password_hash text,
    security_stamp text,
    concurrency_stamp text,
    phone_number text,
    phone_number_confirmed boolean NOT NULL,
    two_factor_enabled boolean NOT NULL,
    lockout_end timestamp with time zone,
    lockout_enabled boolean NOT NULL,
    access_failed_count integer NOT NULL,
    totp_last_step bigint,
    last_two_factor_sign_in_at timestamp with time zone
);


--
-- Name: webhook_attempts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.webhook_attempts (
    id uuid NOT NULL,
    delivery_id uuid NOT NULL,
    attempted_at timestamp with time zone NOT NULL,
    trigger character varying(16) NOT NULL,
    succeeded boolean NOT NULL,
    response_status integer,
    duration_ms integer NOT NULL,
    response_body text,
    error character varying(1000)
);


--
-- Name: webhook_cursor; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.webhook_cursor (
    id integer NOT NULL,
    last_sequence bigint NOT NULL
);


--
-- Name: webhook_deliveries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.webhook_deliveries (
    id uuid NOT NULL,
    subscription_id uuid NOT NULL,
    event_id uuid,
    message_id character varying(64) NOT NULL,
    event_type character varying(64) NOT NULL,
    body bytea NOT NULL,
    status character varying(16) NOT NULL,
    attempts integer NOT NULL,
    next_attempt_at timestamp with time zone,
    lease_until timestamp with time zone,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: webhook_secrets; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.webhook_secrets (
    id uuid NOT NULL,
    subscription_id uuid NOT NULL,
    secret bytea NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone
);


--
-- Name: webhook_subscriptions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.webhook_subscriptions (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    api_client_id character varying(100),
    url character varying(2000) NOT NULL,
    description character varying(500),
    event_types text[] NOT NULL,
    enabled boolean NOT NULL,
    disabled_reason character varying(16),
    disabled_at timestamp with time zone,
    failing_since timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    deleted_at timestamp with time zone,
    version integer NOT NULL
);


--
-- Name: __ef_migrations_history PK___ef_migrations_history; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.__ef_migrations_history
    ADD CONSTRAINT "PK___ef_migrations_history" PRIMARY KEY ("MigrationId");


--
-- Name: banks ak_banks_code; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.banks
    ADD CONSTRAINT ak_banks_code UNIQUE (code);


--
-- Name: client_sources ak_client_sources_code; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.client_sources
    ADD CONSTRAINT ak_client_sources_code UNIQUE (code);


--
-- Name: lead_statuses ak_lead_statuses_code; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.lead_statuses
    ADD CONSTRAINT ak_lead_statuses_code UNIQUE (code);


--
-- Name: event_horizon event_horizon_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.event_horizon
    ADD CONSTRAINT event_horizon_pkey PRIMARY KEY (id);


--
-- Name: api_clients pk_api_clients; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_clients
    ADD CONSTRAINT pk_api_clients PRIMARY KEY (client_id);


--
-- Name: auction_outbid_notices pk_auction_outbid_notices; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auction_outbid_notices
    ADD CONSTRAINT pk_auction_outbid_notices PRIMARY KEY (bid_id);


--
-- Name: audit_events pk_audit_events; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_events
    ADD CONSTRAINT pk_audit_events PRIMARY KEY (id);


--
-- Name: banks pk_banks; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.banks
    ADD CONSTRAINT pk_banks PRIMARY KEY (id);


--
-- Name: bids pk_bids; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bids
    ADD CONSTRAINT pk_bids PRIMARY KEY (id);


--
-- Name: calendar_feeds pk_calendar_feeds; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.calendar_feeds
    ADD CONSTRAINT pk_calendar_feeds PRIMARY KEY (id);


--
-- Name: client_sources pk_client_sources; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.client_sources
    ADD CONSTRAINT pk_client_sources PRIMARY KEY (id);


--
-- Name: clients pk_clients; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.clients
    ADD CONSTRAINT pk_clients PRIMARY KEY (id);


--
-- Name: commission_entries pk_commission_entries; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.commission_entries
    ADD CONSTRAINT pk_commission_entries PRIMARY KEY (id);


--
-- Name: commission_rules pk_commission_rules; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.commission_rules
    ADD CONSTRAINT pk_commission_rules PRIMARY KEY (id);


--
-- Name: deal_stage_history pk_deal_stage_history; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deal_stage_history
    ADD CONSTRAINT pk_deal_stage_history PRIMARY KEY (id);


--
-- Name: deals pk_deals; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deals
    ADD CONSTRAINT pk_deals PRIMARY KEY (id);


--
-- Name: document_counters pk_document_counters; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.document_counters
    ADD CONSTRAINT pk_document_counters PRIMARY KEY (issuer_id, series, year);


--
-- Name: documents pk_documents; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT pk_documents PRIMARY KEY (id);


--
-- Name: events pk_events; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.events
    ADD CONSTRAINT pk_events PRIMARY KEY (id);


--
-- Name: grade_history pk_grade_history; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grade_history
    ADD CONSTRAINT pk_grade_history PRIMARY KEY (id);


--
-- Name: grades pk_grades; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grades
    ADD CONSTRAINT pk_grades PRIMARY KEY (id);


--
-- Name: help_chat_links pk_help_chat_links; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.help_chat_links
    ADD CONSTRAINT pk_help_chat_links PRIMARY KEY (id);


--
-- Name: idempotency_requests pk_idempotency_requests; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.idempotency_requests
    ADD CONSTRAINT pk_idempotency_requests PRIMARY KEY (scope, key);


--
-- Name: import_file_chunks pk_import_file_chunks; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.import_file_chunks
    ADD CONSTRAINT pk_import_file_chunks PRIMARY KEY (operation_id, sequence);


--
-- Name: import_operations pk_import_operations; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.import_operations
    ADD CONSTRAINT pk_import_operations PRIMARY KEY (id);


--
-- Name: import_rejected_rows pk_import_rejected_rows; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.import_rejected_rows
    ADD CONSTRAINT pk_import_rejected_rows PRIMARY KEY (operation_id, row_number);


--
-- Name: invitations pk_invitations; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT pk_invitations PRIMARY KEY (id);


--
-- Name: knowledge_article_versions pk_knowledge_article_versions; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.knowledge_article_versions
    ADD CONSTRAINT pk_knowledge_article_versions PRIMARY KEY (id);


--
-- Name: knowledge_articles pk_knowledge_articles; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.knowledge_articles
    ADD CONSTRAINT pk_knowledge_articles PRIMARY KEY (id);


--
-- Name: knowledge_faq_entries pk_knowledge_faq_entries; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.knowledge_faq_entries
    ADD CONSTRAINT pk_knowledge_faq_entries PRIMARY KEY (id);


--
-- Name: knowledge_sections pk_knowledge_sections; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.knowledge_sections
    ADD CONSTRAINT pk_knowledge_sections PRIMARY KEY (id);


--
-- Name: lead_comments pk_lead_comments; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.lead_comments
    ADD CONSTRAINT pk_lead_comments PRIMARY KEY (id);


--
-- Name: lead_history pk_lead_history; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.lead_history
    ADD CONSTRAINT pk_lead_history PRIMARY KEY (id);


--
-- Name: lead_returns pk_lead_returns; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.lead_returns
    ADD CONSTRAINT pk_lead_returns PRIMARY KEY (id);


--
-- Name: lead_statuses pk_lead_statuses; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.lead_statuses
    ADD CONSTRAINT pk_lead_statuses PRIMARY KEY (id);


--
-- Name: leads pk_leads; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.leads
    ADD CONSTRAINT pk_leads PRIMARY KEY (id);


--
-- Name: ledger_entries pk_ledger_entries; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ledger_entries
    ADD CONSTRAINT pk_ledger_entries PRIMARY KEY (id);


--
-- Name: lots pk_lots; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.lots
    ADD CONSTRAINT pk_lots PRIMARY KEY (id);


--
-- Name: mail_outbox pk_mail_outbox; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mail_outbox
    ADD CONSTRAINT pk_mail_outbox PRIMARY KEY (id);


--
-- Name: messenger_links pk_messenger_links; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.messenger_links
    ADD CONSTRAINT pk_messenger_links PRIMARY KEY (id);


--
-- Name: mfa_tokens pk_mfa_tokens; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mfa_tokens
    ADD CONSTRAINT pk_mfa_tokens PRIMARY KEY (id);


--
-- Name: notification_preferences pk_notification_preferences; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification_preferences
    ADD CONSTRAINT pk_notification_preferences PRIMARY KEY (user_id, kind, channel);


--
-- Name: notifications pk_notifications; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notifications
    ADD CONSTRAINT pk_notifications PRIMARY KEY (id);


--
-- Name: organization_hosts pk_organization_hosts; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organization_hosts
    ADD CONSTRAINT pk_organization_hosts PRIMARY KEY (host);


--
-- Name: organizations pk_organizations; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organizations
    ADD CONSTRAINT pk_organizations PRIMARY KEY (id);


--
-- Name: password_resets pk_password_resets; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.password_resets
    ADD CONSTRAINT pk_password_resets PRIMARY KEY (id);


--
-- Name: pipeline_stages pk_pipeline_stages; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.pipeline_stages
    ADD CONSTRAINT pk_pipeline_stages PRIMARY KEY (id);


--
-- Name: pipelines pk_pipelines; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.pipelines
    ADD CONSTRAINT pk_pipelines PRIMARY KEY (id);


--
-- Name: points_cursor pk_points_cursor; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.points_cursor
    ADD CONSTRAINT pk_points_cursor PRIMARY KEY (id);


--
-- Name: points_entries pk_points_entries; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.points_entries
    ADD CONSTRAINT pk_points_entries PRIMARY KEY (id);


--
-- Name: points_rule_sets pk_points_rule_sets; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.points_rule_sets
    ADD CONSTRAINT pk_points_rule_sets PRIMARY KEY (id);


--
-- Name: refresh_tokens pk_refresh_tokens; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.refresh_tokens
    ADD CONSTRAINT pk_refresh_tokens PRIMARY KEY (id);


--
-- Name: role_claims pk_role_claims; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role_claims
    ADD CONSTRAINT pk_role_claims PRIMARY KEY (id);


--
-- Name: role_permissions pk_role_permissions; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role_permissions
    ADD CONSTRAINT pk_role_permissions PRIMARY KEY (role_id, permission);


--
-- Name: roles pk_roles; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.roles
    ADD CONSTRAINT pk_roles PRIMARY KEY (id);


--
-- Name: saved_reports pk_saved_reports; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.saved_reports
    ADD CONSTRAINT pk_saved_reports PRIMARY KEY (id);


--
-- Name: settlement_acceptance_codes pk_settlement_acceptance_codes; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.settlement_acceptance_codes
    ADD CONSTRAINT pk_settlement_acceptance_codes PRIMARY KEY (id);


--
-- Name: settlement_acts pk_settlement_acts; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.settlement_acts
    ADD CONSTRAINT pk_settlement_acts PRIMARY KEY (id);


--
-- Name: settlement_entry_claims pk_settlement_entry_claims; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.settlement_entry_claims
    ADD CONSTRAINT pk_settlement_entry_claims PRIMARY KEY (entry_id);


--
-- Name: signing_keys pk_signing_keys; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.signing_keys
    ADD CONSTRAINT pk_signing_keys PRIMARY KEY (kid);


--
-- Name: stream_slots pk_stream_slots; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stream_slots
    ADD CONSTRAINT pk_stream_slots PRIMARY KEY (id);


--
-- Name: stream_tickets pk_stream_tickets; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stream_tickets
    ADD CONSTRAINT pk_stream_tickets PRIMARY KEY (id);


--
-- Name: tasks pk_tasks; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tasks
    ADD CONSTRAINT pk_tasks PRIMARY KEY (id);


--
-- Name: telegram_group_links pk_telegram_group_links; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.telegram_group_links
    ADD CONSTRAINT pk_telegram_group_links PRIMARY KEY (id);


--
-- Name: telegram_link_codes pk_telegram_link_codes; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.telegram_link_codes
    ADD CONSTRAINT pk_telegram_link_codes PRIMARY KEY (id);


--
-- Name: ticket_messages pk_ticket_messages; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ticket_messages
    ADD CONSTRAINT pk_ticket_messages PRIMARY KEY (id);


--
-- Name: tickets pk_tickets; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tickets
    ADD CONSTRAINT pk_tickets PRIMARY KEY (id);


--
-- Name: training_assignments pk_training_assignments; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.training_assignments
    ADD CONSTRAINT pk_training_assignments PRIMARY KEY (id);


--
-- Name: training_courses pk_training_courses; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.training_courses
    ADD CONSTRAINT pk_training_courses PRIMARY KEY (id);


--
-- Name: training_event_registrations pk_training_event_registrations; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.training_event_registrations
    ADD CONSTRAINT pk_training_event_registrations PRIMARY KEY (id);


--
-- Name: training_events pk_training_events; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.training_events
    ADD CONSTRAINT pk_training_events PRIMARY KEY (id);


--
-- Name: training_lesson_completions pk_training_lesson_completions; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.training_lesson_completions
    ADD CONSTRAINT pk_training_lesson_completions PRIMARY KEY (id);


--
-- Name: training_lessons pk_training_lessons; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.training_lessons
    ADD CONSTRAINT pk_training_lessons PRIMARY KEY (id);


--
-- Name: training_submissions pk_training_submissions; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.training_submissions
    ADD CONSTRAINT pk_training_submissions PRIMARY KEY (id);


--
-- Name: user_claims pk_user_claims; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_claims
    ADD CONSTRAINT pk_user_claims PRIMARY KEY (id);


--
-- Name: user_logins pk_user_logins; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_logins
    ADD CONSTRAINT pk_user_logins PRIMARY KEY (login_provider, provider_key);


--
-- Name: user_roles pk_user_roles; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_roles
    ADD CONSTRAINT pk_user_roles PRIMARY KEY (user_id, role_id);


--
-- Name: user_tokens pk_user_tokens; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_tokens
    ADD CONSTRAINT pk_user_tokens PRIMARY KEY (user_id, login_provider, name);


--
-- Name: users pk_users; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT pk_users PRIMARY KEY (id);


--
-- Name: webhook_attempts pk_webhook_attempts; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_attempts
    ADD CONSTRAINT pk_webhook_attempts PRIMARY KEY (id);


--
-- Name: webhook_cursor pk_webhook_cursor; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_cursor
    ADD CONSTRAINT pk_webhook_cursor PRIMARY KEY (id);


--
-- Name: webhook_deliveries pk_webhook_deliveries; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT pk_webhook_deliveries PRIMARY KEY (id);


--
-- Name: webhook_secrets pk_webhook_secrets; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_secrets
    ADD CONSTRAINT pk_webhook_secrets PRIMARY KEY (id);


--
-- Name: webhook_subscriptions pk_webhook_subscriptions; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_subscriptions
    ADD CONSTRAINT pk_webhook_subscriptions PRIMARY KEY (id);


--
-- Name: email_index; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX email_index ON public.users USING btree (normalized_email);


--
-- Name: ix_api_clients_organization_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_api_clients_organization_id ON public.api_clients USING btree (organization_id);


--
-- Name: ix_audit_events_actor_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audit_events_actor_user_id ON public.audit_events USING btree (actor_user_id);


--
-- Name: ix_audit_events_entity_type_entity_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audit_events_entity_type_entity_id ON public.audit_events USING btree (entity_type, entity_id);


--
-- Name: ix_audit_events_occurred_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audit_events_occurred_at_id ON public.audit_events USING btree (occurred_at, id);


--
-- Name: ix_bids_lot_id_amount; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_bids_lot_id_amount ON public.bids USING btree (lot_id, amount);


--
-- Name: ix_bids_lot_id_organization_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_bids_lot_id_organization_id ON public.bids USING btree (lot_id, organization_id) INCLUDE (bidder_number);


--
-- Name: ix_bids_lot_id_placed_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_bids_lot_id_placed_at_id ON public.bids USING btree (lot_id, placed_at, id);


--
-- Name: ix_bids_organization_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_bids_organization_id ON public.bids USING btree (organization_id);


--
-- Name: ix_bids_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_bids_user_id ON public.bids USING btree (user_id);


--
-- Name: ix_calendar_feeds_token_hash; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_calendar_feeds_token_hash ON public.calendar_feeds USING btree (token_hash);


--
-- Name: ix_calendar_feeds_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_calendar_feeds_user_id ON public.calendar_feeds USING btree (user_id) WHERE (revoked_at IS NULL);


--
-- Name: ix_clients_created_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_clients_created_at_id ON public.clients USING btree (created_at, id) WHERE (deleted_at IS NULL);


--
-- Name: ix_clients_email; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_clients_email ON public.clients USING btree (email);


--
-- Name: ix_clients_email_trgm; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_clients_email_trgm ON public.clients USING gin (email public.gin_trgm_ops);


--
-- Name: ix_clients_full_name_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_clients_full_name_id ON public.clients USING btree (full_name, id) WHERE (deleted_at IS NULL);


--
-- Name: ix_clients_full_name_trgm; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_clients_full_name_trgm ON public.clients USING gin (full_name public.gin_trgm_ops);


--
-- Name: ix_clients_organization_id_created_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_clients_organization_id_created_at_id ON public.clients USING btree (organization_id, created_at, id) WHERE (deleted_at IS NULL);


--
-- Name: ix_clients_organization_id_external_ref_owner_external_ref; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_clients_organization_id_external_ref_owner_external_ref ON public.clients USING btree (organization_id, external_ref_owner, external_ref) WHERE ((external_ref IS NOT NULL) AND (deleted_at IS NULL));


--
-- Name: ix_clients_organization_id_updated_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_clients_organization_id_updated_at_id ON public.clients USING btree (organization_id, updated_at, id) WHERE (deleted_at IS NULL);


--
-- Name: ix_clients_phone; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_clients_phone ON public.clients USING btree (phone);


--
-- Name: ix_clients_phone_trgm; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_clients_phone_trgm ON public.clients USING gin (phone public.gin_trgm_ops);


--
-- Name: ix_clients_source_processing_method; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_clients_source_processing_method ON public.clients USING btree (source, processing_method) WHERE (deleted_at IS NULL);


--
-- Name: ix_clients_tags; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_clients_tags ON public.clients USING gin (tags);


--
-- Name: ix_clients_updated_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_clients_updated_at_id ON public.clients USING btree (updated_at, id) WHERE (deleted_at IS NULL);


--
-- Name: ix_commission_entries_deal_id_issue_no; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_commission_entries_deal_id_issue_no ON public.commission_entries USING btree (deal_id, issue_no) WHERE (deal_id IS NOT NULL);


--
-- Name: ix_commission_entries_follows_entry_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_commission_entries_follows_entry_id ON public.commission_entries USING btree (follows_entry_id) WHERE (follows_entry_id IS NOT NULL);


--
-- Name: ix_commission_entries_hold_until; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_commission_entries_hold_until ON public.commission_entries USING btree (hold_until) WHERE ((kind)::text = 'accrual'::text);


--
-- Name: ix_commission_entries_idempotency_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_commission_entries_idempotency_key ON public.commission_entries USING btree (idempotency_key);


--
-- Name: ix_commission_entries_organization_id_created_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_commission_entries_organization_id_created_at_id ON public.commission_entries USING btree (organization_id, created_at, id);


--
-- Name: ix_commission_entries_organization_id_entry_no; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_commission_entries_organization_id_entry_no ON public.commission_entries USING btree (organization_id, entry_no) INCLUDE (on_hold_after, available_after);


--
-- Name: ix_commission_entries_rewards_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_commission_entries_rewards_user_id ON public.commission_entries USING btree (rewards_user_id);


--
-- Name: ix_commission_rules_bank_code; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_commission_rules_bank_code ON public.commission_rules USING btree (bank_code);


--
-- Name: ix_commission_rules_created_by_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_commission_rules_created_by_user_id ON public.commission_rules USING btree (created_by_user_id);


--
-- Name: ix_commission_rules_kind_bank_code_product_grade_effective_from; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_commission_rules_kind_bank_code_product_grade_effective_from ON public.commission_rules USING btree (kind, bank_code, product, grade, effective_from) NULLS NOT DISTINCT;


--
-- Name: ix_deal_stage_history_deal_id_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_deal_stage_history_deal_id_at_id ON public.deal_stage_history USING btree (deal_id, at, id);


--
-- Name: ix_deals_amount_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_deals_amount_id ON public.deals USING btree (amount, id) WHERE (deleted_at IS NULL);


--
-- Name: ix_deals_client_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_deals_client_id ON public.deals USING btree (client_id);


--
-- Name: ix_deals_created_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_deals_created_at_id ON public.deals USING btree (created_at, id) WHERE (deleted_at IS NULL);


--
-- Name: ix_deals_lead_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_deals_lead_id ON public.deals USING btree (lead_id);


--
-- Name: ix_deals_loan_bank_code; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_deals_loan_bank_code ON public.deals USING btree (loan_bank_code);


--
-- Name: ix_deals_organization_id_created_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_deals_organization_id_created_at_id ON public.deals USING btree (organization_id, created_at, id) WHERE (deleted_at IS NULL);


--
-- Name: ix_deals_organization_id_updated_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_deals_organization_id_updated_at_id ON public.deals USING btree (organization_id, updated_at, id) WHERE (deleted_at IS NULL);


--
-- Name: ix_deals_pipeline_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_deals_pipeline_id ON public.deals USING btree (pipeline_id);


--
-- Name: ix_deals_responsible_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_deals_responsible_user_id ON public.deals USING btree (responsible_user_id);


--
-- Name: ix_deals_stage_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_deals_stage_id ON public.deals USING btree (stage_id) WHERE (deleted_at IS NULL);


--
-- Name: ix_deals_title_trgm; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_deals_title_trgm ON public.deals USING gin (title public.gin_trgm_ops);


--
-- Name: ix_deals_updated_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_deals_updated_at_id ON public.deals USING btree (updated_at, id) WHERE (deleted_at IS NULL);


--
-- Name: ix_documents_organization_id_created_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_documents_organization_id_created_at ON public.documents USING btree (organization_id, created_at);


--
-- Name: ix_documents_storage_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_documents_storage_key ON public.documents USING btree (storage_key);


--
-- Name: ix_events_awaiting_data; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_events_awaiting_data ON public.events USING btree ("position") WHERE ((sequence IS NULL) AND (data IS NULL));


--
-- Name: ix_events_organization_id_sequence; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_events_organization_id_sequence ON public.events USING btree (organization_id, sequence) WHERE (sequence IS NOT NULL);


--
-- Name: ix_events_sequence; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_events_sequence ON public.events USING btree (sequence) WHERE (sequence IS NOT NULL);


--
-- Name: ix_events_unsequenced; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_events_unsequenced ON public.events USING btree ("position") WHERE (sequence IS NULL);


--
-- Name: ix_grade_history_organization_id_effective_from_created_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_grade_history_organization_id_effective_from_created_at ON public.grade_history USING btree (organization_id, effective_from, created_at);


--
-- Name: ix_grades_organization_kind_code; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_grades_organization_kind_code ON public.grades USING btree (organization_kind, code);


--
-- Name: ix_grades_organization_kind_rank; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_grades_organization_kind_rank ON public.grades USING btree (organization_kind, rank);


--
-- Name: ix_help_chat_links_position_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_help_chat_links_position_id ON public.help_chat_links USING btree ("position", id) WHERE (deleted_at IS NULL);


--
-- Name: ix_idempotency_requests_created_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_idempotency_requests_created_at ON public.idempotency_requests USING btree (created_at);


--
-- Name: ix_import_operations_organization_id_created_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_import_operations_organization_id_created_at_id ON public.import_operations USING btree (organization_id, created_at, id);


--
-- Name: ix_import_operations_status_created_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_import_operations_status_created_at ON public.import_operations USING btree (status, created_at) WHERE ((status)::text = ANY ((ARRAY['queued'::character varying, 'running'::character varying])::text[]));


--
-- Name: ix_invitations_accepted_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_invitations_accepted_user_id ON public.invitations USING btree (accepted_user_id);


--
-- Name: ix_invitations_created_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_invitations_created_at_id ON public.invitations USING btree (created_at, id);


--
-- Name: ix_invitations_invited_by_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_invitations_invited_by_user_id ON public.invitations USING btree (invited_by_user_id);


--
-- Name: ix_invitations_organization_id_created_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_invitations_organization_id_created_at_id ON public.invitations USING btree (organization_id, created_at, id);


--
-- Name: ix_invitations_organization_id_email; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_invitations_organization_id_email ON public.invitations USING btree (organization_id, email);


--
-- Name: ix_invitations_token_hash; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_invitations_token_hash ON public.invitations USING btree (token_hash);


--
-- Name: ix_knowledge_article_versions_article_id_number; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_knowledge_article_versions_article_id_number ON public.knowledge_article_versions USING btree (article_id, number);


--
-- Name: ix_knowledge_articles_search_vector; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_knowledge_articles_search_vector ON public.knowledge_articles USING gin (search_vector);


--
-- Name: ix_knowledge_articles_section_id_updated_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_knowledge_articles_section_id_updated_at ON public.knowledge_articles USING btree (section_id, updated_at);


--
-- Name: ix_knowledge_articles_tags; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_knowledge_articles_tags ON public.knowledge_articles USING gin (tags);


--
-- Name: ix_knowledge_articles_title_trgm; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_knowledge_articles_title_trgm ON public.knowledge_articles USING gist (title public.gist_trgm_ops);


--
-- Name: ix_knowledge_faq_entries_question_trgm; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_knowledge_faq_entries_question_trgm ON public.knowledge_faq_entries USING gist (question public.gist_trgm_ops);


--
-- Name: ix_knowledge_faq_entries_search_vector; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_knowledge_faq_entries_search_vector ON public.knowledge_faq_entries USING gin (search_vector);


--
-- Name: ix_knowledge_faq_entries_section_id_position; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_knowledge_faq_entries_section_id_position ON public.knowledge_faq_entries USING btree (section_id, "position");


--
-- Name: ix_lead_comments_lead_id_created_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_lead_comments_lead_id_created_at_id ON public.lead_comments USING btree (lead_id, created_at, id) WHERE (deleted_at IS NULL);


--
-- Name: ix_lead_history_lead_id_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_lead_history_lead_id_at_id ON public.lead_history USING btree (lead_id, at, id);


--
-- Name: ix_lead_returns_charge_entry_id; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_lead_returns_charge_entry_id ON public.lead_returns USING btree (charge_entry_id);


--
-- Name: ix_lead_returns_created_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_lead_returns_created_at_id ON public.lead_returns USING btree (created_at, id);


--
-- Name: ix_lead_returns_decided_by_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_lead_returns_decided_by_user_id ON public.lead_returns USING btree (decided_by_user_id);


--
-- Name: ix_lead_returns_organization_id_created_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_lead_returns_organization_id_created_at_id ON public.lead_returns USING btree (organization_id, created_at, id);


--
-- Name: ix_lead_returns_refund_entry_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_lead_returns_refund_entry_id ON public.lead_returns USING btree (refund_entry_id);


--
-- Name: ix_lead_returns_requested_by_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_lead_returns_requested_by_user_id ON public.lead_returns USING btree (requested_by_user_id);


--
-- Name: ix_leads_client_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_leads_client_id ON public.leads USING btree (client_id);


--
-- Name: ix_leads_comment_trgm; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_leads_comment_trgm ON public.leads USING gin (comment public.gin_trgm_ops);


--
-- Name: ix_leads_created_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_leads_created_at_id ON public.leads USING btree (created_at, id) WHERE (deleted_at IS NULL);


--
-- Name: ix_leads_duplicate_of_lead_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_leads_duplicate_of_lead_id ON public.leads USING btree (duplicate_of_lead_id);


--
-- Name: ix_leads_organization_id_created_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_leads_organization_id_created_at_id ON public.leads USING btree (organization_id, created_at, id) WHERE (deleted_at IS NULL);


--
-- Name: ix_leads_organization_id_external_ref_owner_external_ref; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_leads_organization_id_external_ref_owner_external_ref ON public.leads USING btree (organization_id, external_ref_owner, external_ref) WHERE ((external_ref IS NOT NULL) AND (deleted_at IS NULL));


--
-- Name: ix_leads_organization_id_updated_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_leads_organization_id_updated_at_id ON public.leads USING btree (organization_id, updated_at, id) WHERE (deleted_at IS NULL);


--
-- Name: ix_leads_requested_amount_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_leads_requested_amount_id ON public.leads USING btree (requested_amount, id) WHERE (deleted_at IS NULL);


--
-- Name: ix_leads_responsible_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_leads_responsible_user_id ON public.leads USING btree (responsible_user_id);


--
-- Name: ix_leads_status; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_leads_status ON public.leads USING btree (status);


--
-- Name: ix_leads_updated_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_leads_updated_at_id ON public.leads USING btree (updated_at, id) WHERE (deleted_at IS NULL);


--
-- Name: ix_ledger_entries_created_by_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_ledger_entries_created_by_user_id ON public.ledger_entries USING btree (created_by_user_id);


--
-- Name: ix_ledger_entries_lead_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_ledger_entries_lead_id ON public.ledger_entries USING btree (lead_id) WHERE (lead_id IS NOT NULL);


--
-- Name: ix_ledger_entries_lot_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_ledger_entries_lot_id ON public.ledger_entries USING btree (lot_id) WHERE (lot_id IS NOT NULL);


--
-- Name: ix_ledger_entries_organization_id_created_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_ledger_entries_organization_id_created_at_id ON public.ledger_entries USING btree (organization_id, created_at, id) INCLUDE (amount, kind);


--
-- Name: ix_ledger_entries_organization_id_entry_no; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_ledger_entries_organization_id_entry_no ON public.ledger_entries USING btree (organization_id, entry_no) INCLUDE (balance_after, held_after);


--
-- Name: ix_lots_assigned_organization_id_closed_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_lots_assigned_organization_id_closed_at ON public.lots USING btree (assigned_organization_id, closed_at) WHERE ((redistribution)::text = 'rotated'::text);


--
-- Name: ix_lots_created_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_lots_created_at_id ON public.lots USING btree (created_at, id) WHERE (deleted_at IS NULL);


--
-- Name: ix_lots_lead_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_lots_lead_id ON public.lots USING btree (lead_id);


--
-- Name: ix_lots_leader_organization_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_lots_leader_organization_id ON public.lots USING btree (leader_organization_id);


--
-- Name: ix_lots_open_ends_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_lots_open_ends_at ON public.lots USING btree (ends_at, id) WHERE (((status)::text = 'open'::text) AND (deleted_at IS NULL));


--
-- Name: ix_lots_previous_lot_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_lots_previous_lot_id ON public.lots USING btree (previous_lot_id);


--
-- Name: ix_mail_outbox_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_mail_outbox_due ON public.mail_outbox USING btree (next_attempt_at, id) WHERE ((status)::text = 'pending'::text);


--
-- Name: ix_messenger_links_channel_account_id; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_messenger_links_channel_account_id ON public.messenger_links USING btree (channel, account_id);


--
-- Name: ix_messenger_links_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_messenger_links_user_id ON public.messenger_links USING btree (user_id);


--
-- Name: ix_mfa_tokens_token_hash; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_mfa_tokens_token_hash ON public.mfa_tokens USING btree (token_hash);


--
-- Name: ix_mfa_tokens_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_mfa_tokens_user_id ON public.mfa_tokens USING btree (user_id);


--
-- Name: ix_notifications_organization_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_notifications_organization_id ON public.notifications USING btree (organization_id);


--
-- Name: ix_notifications_recipient_user_id_created_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_notifications_recipient_user_id_created_at_id ON public.notifications USING btree (recipient_user_id, created_at, id);


--
-- Name: ix_notifications_unread; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_notifications_unread ON public.notifications USING btree (recipient_user_id) WHERE (read_at IS NULL);


--
-- Name: ix_organization_hosts_organization_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_organization_hosts_organization_id ON public.organization_hosts USING btree (organization_id);


--
-- Name: ix_organizations_deleted_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_organizations_deleted_at ON public.organizations USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);


--
-- Name: ix_organizations_inn; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_organizations_inn ON public.organizations USING btree (inn);


--
-- Name: ix_organizations_owner_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_organizations_owner_user_id ON public.organizations USING btree (owner_user_id);


--
-- Name: ix_organizations_referral_code; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_organizations_referral_code ON public.organizations USING btree (referral_code) WHERE (referral_code IS NOT NULL);


--
-- Name: ix_organizations_referrer_organization_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_organizations_referrer_organization_id ON public.organizations USING btree (referrer_organization_id) WHERE (referrer_organization_id IS NOT NULL);


--
-- Name: ix_organizations_status_created_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_organizations_status_created_at ON public.organizations USING btree (status, created_at);


--
-- Name: ix_password_resets_email_requested_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_password_resets_email_requested_at ON public.password_resets USING btree (email, requested_at);


--
-- Name: ix_password_resets_token_hash; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_password_resets_token_hash ON public.password_resets USING btree (token_hash) WHERE (token_hash IS NOT NULL);


--
-- Name: ix_password_resets_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_password_resets_user_id ON public.password_resets USING btree (user_id) WHERE (used_at IS NULL);


--
-- Name: ix_pipeline_stages_pipeline_id_position; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_pipeline_stages_pipeline_id_position ON public.pipeline_stages USING btree (pipeline_id, "position") WHERE (deleted_at IS NULL);


--
-- Name: ix_points_entries_awarded_on; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_points_entries_awarded_on ON public.points_entries USING btree (awarded_on);


--
-- Name: ix_points_entries_rule_source_user_id_kind; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_points_entries_rule_source_user_id_kind ON public.points_entries USING btree (rule, source, user_id, kind);


--
-- Name: ix_points_entries_user_id_entry_no; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_points_entries_user_id_entry_no ON public.points_entries USING btree (user_id, entry_no);


--
-- Name: ix_points_entries_user_id_recorded_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_points_entries_user_id_recorded_at_id ON public.points_entries USING btree (user_id, recorded_at, id);


--
-- Name: ix_refresh_tokens_family_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_refresh_tokens_family_id ON public.refresh_tokens USING btree (family_id);


--
-- Name: ix_refresh_tokens_token_hash; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_refresh_tokens_token_hash ON public.refresh_tokens USING btree (token_hash);


--
-- Name: ix_refresh_tokens_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_refresh_tokens_user_id ON public.refresh_tokens USING btree (user_id);


--
-- Name: ix_role_claims_role_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_role_claims_role_id ON public.role_claims USING btree (role_id);


--
-- Name: ix_saved_reports_organization_id_created_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_saved_reports_organization_id_created_at ON public.saved_reports USING btree (organization_id, created_at);


--
-- Name: ix_saved_reports_owner_user_id_created_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_saved_reports_owner_user_id_created_at ON public.saved_reports USING btree (owner_user_id, created_at);


--
-- Name: ix_settlement_acceptance_codes_act_id_user_id_expires_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_settlement_acceptance_codes_act_id_user_id_expires_at ON public.settlement_acceptance_codes USING btree (act_id, user_id, expires_at);


--
-- Name: ix_settlement_acts_corrects_act_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_settlement_acts_corrects_act_id ON public.settlement_acts USING btree (corrects_act_id);


--
-- Name: ix_settlement_acts_number; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_settlement_acts_number ON public.settlement_acts USING btree (number) WHERE (number IS NOT NULL);


--
-- Name: ix_settlement_acts_organization_id_created_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_settlement_acts_organization_id_created_at ON public.settlement_acts USING btree (organization_id, created_at);


--
-- Name: ix_settlement_entry_claims_act_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_settlement_entry_claims_act_id ON public.settlement_entry_claims USING btree (act_id);


--
-- Name: ix_stream_slots_caller; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_stream_slots_caller ON public.stream_slots USING btree (caller);


--
-- Name: ix_stream_slots_instance_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_stream_slots_instance_id ON public.stream_slots USING btree (instance_id);


--
-- Name: ix_stream_tickets_expires_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_stream_tickets_expires_at ON public.stream_tickets USING btree (expires_at);


--
-- Name: ix_stream_tickets_ticket_hash; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_stream_tickets_ticket_hash ON public.stream_tickets USING btree (ticket_hash);


--
-- Name: ix_tasks_assignee_user_id_due_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_tasks_assignee_user_id_due_at ON public.tasks USING btree (assignee_user_id, due_at) WHERE (deleted_at IS NULL);


--
-- Name: ix_tasks_created_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_tasks_created_at_id ON public.tasks USING btree (created_at, id) WHERE (deleted_at IS NULL);


--
-- Name: ix_tasks_due_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_tasks_due_at_id ON public.tasks USING btree (due_at, id) WHERE (deleted_at IS NULL);


--
-- Name: ix_tasks_open_by_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_tasks_open_by_due ON public.tasks USING btree (due_at) WHERE ((done_at IS NULL) AND (deleted_at IS NULL));


--
-- Name: ix_tasks_organization_id_due_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_tasks_organization_id_due_at_id ON public.tasks USING btree (organization_id, due_at, id) WHERE (deleted_at IS NULL);


--
-- Name: ix_tasks_pending_reminders; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_tasks_pending_reminders ON public.tasks USING btree (remind_at, due_at) WHERE ((reminder_sent_at IS NULL) AND (done_at IS NULL) AND (deleted_at IS NULL));


--
-- Name: ix_tasks_subject_type_subject_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_tasks_subject_type_subject_id ON public.tasks USING btree (subject_type, subject_id) WHERE (deleted_at IS NULL);


--
-- Name: ix_telegram_group_links_chat_id; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_telegram_group_links_chat_id ON public.telegram_group_links USING btree (chat_id);


--
-- Name: ix_telegram_group_links_organization_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_telegram_group_links_organization_id ON public.telegram_group_links USING btree (organization_id);


--
-- Name: ix_telegram_link_codes_code_hash; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_telegram_link_codes_code_hash ON public.telegram_link_codes USING btree (code_hash);


--
-- Name: ix_telegram_link_codes_organization_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_telegram_link_codes_organization_id ON public.telegram_link_codes USING btree (organization_id);


--
-- Name: ix_telegram_link_codes_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_telegram_link_codes_user_id ON public.telegram_link_codes USING btree (user_id);


--
-- Name: ix_ticket_messages_author_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_ticket_messages_author_user_id ON public.ticket_messages USING btree (author_user_id);


--
-- Name: ix_ticket_messages_ticket_id_created_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_ticket_messages_ticket_id_created_at_id ON public.ticket_messages USING btree (ticket_id, created_at, id);


--
-- Name: ix_tickets_assignee_user_id_status; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_tickets_assignee_user_id_status ON public.tickets USING btree (assignee_user_id, status);


--
-- Name: ix_tickets_author_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_tickets_author_user_id ON public.tickets USING btree (author_user_id);


--
-- Name: ix_tickets_created_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_tickets_created_at_id ON public.tickets USING btree (created_at, id);


--
-- Name: ix_tickets_last_message_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_tickets_last_message_at_id ON public.tickets USING btree (last_message_at, id);


--
-- Name: ix_tickets_organization_id_created_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_tickets_organization_id_created_at_id ON public.tickets USING btree (organization_id, created_at, id);


--
-- Name: ix_tickets_status_created_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_tickets_status_created_at ON public.tickets USING btree (status, created_at);


--
-- Name: ix_training_assignments_course_id_position; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_training_assignments_course_id_position ON public.training_assignments USING btree (course_id, "position");


--
-- Name: ix_training_event_registrations_event_id_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_training_event_registrations_event_id_user_id ON public.training_event_registrations USING btree (event_id, user_id);


--
-- Name: ix_training_event_registrations_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_training_event_registrations_user_id ON public.training_event_registrations USING btree (user_id);


--
-- Name: ix_training_events_starts_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_training_events_starts_at_id ON public.training_events USING btree (starts_at, id);


--
-- Name: ix_training_lesson_completions_course_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_training_lesson_completions_course_id ON public.training_lesson_completions USING btree (course_id);


--
-- Name: ix_training_lesson_completions_lesson_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_training_lesson_completions_lesson_id ON public.training_lesson_completions USING btree (lesson_id);


--
-- Name: ix_training_lesson_completions_user_id_course_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_training_lesson_completions_user_id_course_id ON public.training_lesson_completions USING btree (user_id, course_id);


--
-- Name: ix_training_lesson_completions_user_id_lesson_id; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_training_lesson_completions_user_id_lesson_id ON public.training_lesson_completions USING btree (user_id, lesson_id);


--
-- Name: ix_training_lessons_course_id_position; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_training_lessons_course_id_position ON public.training_lessons USING btree (course_id, "position");


--
-- Name: ix_training_submissions_assignment_id_user_id_attempt; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_training_submissions_assignment_id_user_id_attempt ON public.training_submissions USING btree (assignment_id, user_id, attempt);


--
-- Name: ix_training_submissions_course_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_training_submissions_course_id ON public.training_submissions USING btree (course_id);


--
-- Name: ix_training_submissions_status_submitted_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_training_submissions_status_submitted_at_id ON public.training_submissions USING btree (status, submitted_at, id);


--
-- Name: ix_training_submissions_submitted_at_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_training_submissions_submitted_at_id ON public.training_submissions USING btree (submitted_at, id);


--
-- Name: ix_user_claims_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_user_claims_user_id ON public.user_claims USING btree (user_id);


--
-- Name: ix_user_logins_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_user_logins_user_id ON public.user_logins USING btree (user_id);


--
-- Name: ix_user_roles_role_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_user_roles_role_id ON public.user_roles USING btree (role_id);


--
-- Name: ix_users_organization_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_users_organization_id ON public.users USING btree (organization_id);


--
-- Name: ix_webhook_attempts_delivery_id_attempted_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_webhook_attempts_delivery_id_attempted_at ON public.webhook_attempts USING btree (delivery_id, attempted_at);


--
-- Name: ix_webhook_deliveries_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_webhook_deliveries_due ON public.webhook_deliveries USING btree (next_attempt_at) WHERE ((status)::text = 'pending'::text);


--
-- Name: ix_webhook_deliveries_subscription_id_created_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_webhook_deliveries_subscription_id_created_at ON public.webhook_deliveries USING btree (subscription_id, created_at);


--
-- Name: ix_webhook_deliveries_subscription_id_event_id; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_webhook_deliveries_subscription_id_event_id ON public.webhook_deliveries USING btree (subscription_id, event_id);


--
-- Name: ix_webhook_secrets_subscription_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_webhook_secrets_subscription_id ON public.webhook_secrets USING btree (subscription_id);


--
-- Name: ix_webhook_subscriptions_organization_id_created_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_webhook_subscriptions_organization_id_created_at ON public.webhook_subscriptions USING btree (organization_id, created_at);


--
-- Name: role_name_index; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX role_name_index ON public.roles USING btree (normalized_name);


--
-- Name: user_name_index; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX user_name_index ON public.users USING btree (normalized_user_name);


--
-- Name: ux_grade_history_computed_month; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ux_grade_history_computed_month ON public.grade_history USING btree (organization_id, period_end) WHERE ((source)::text = 'computed'::text);


--
-- Name: ux_lead_returns_open_per_lead; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ux_lead_returns_open_per_lead ON public.lead_returns USING btree (lead_id) WHERE ((status)::text = 'requested'::text);


--
-- Name: ux_ledger_entries_lot_charge; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ux_ledger_entries_lot_charge ON public.ledger_entries USING btree (lot_id) WHERE ((kind)::text = 'charge'::text);


--
-- Name: audit_events audit_events_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_events_append_only BEFORE DELETE OR UPDATE ON public.audit_events FOR EACH ROW EXECUTE FUNCTION public.audit_events_append_only();


--
-- Name: bids bids_stream; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER bids_stream AFTER INSERT ON public.bids REFERENCING NEW TABLE AS new_bids FOR EACH STATEMENT EXECUTE FUNCTION public.notify_stream_bids();


--
-- Name: commission_entries commission_entries_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER commission_entries_append_only BEFORE DELETE OR UPDATE ON public.commission_entries FOR EACH ROW EXECUTE FUNCTION public.commission_entries_append_only();


--
-- Name: events events_raised; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER events_raised AFTER INSERT ON public.events REFERENCING NEW TABLE AS raised FOR EACH STATEMENT EXECUTE FUNCTION public.notify_events_raised();


--
-- Name: ledger_entries ledger_entries_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER ledger_entries_append_only BEFORE DELETE OR UPDATE ON public.ledger_entries FOR EACH ROW EXECUTE FUNCTION public.ledger_entries_append_only();


--
-- Name: notifications notifications_stream; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER notifications_stream AFTER INSERT ON public.notifications FOR EACH ROW EXECUTE FUNCTION public.notify_stream_notification();


--
-- Name: organizations organizations_standing_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER organizations_standing_changed AFTER UPDATE ON public.organizations FOR EACH ROW WHEN ((((old.status)::text IS DISTINCT FROM (new.status)::text) OR (old.deleted_at IS DISTINCT FROM new.deleted_at))) EXECUTE FUNCTION public.notify_user_standing_changed();


--
-- Name: organizations organizations_standing_removed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER organizations_standing_removed AFTER DELETE OR TRUNCATE ON public.organizations FOR EACH STATEMENT EXECUTE FUNCTION public.notify_user_standing_changed();


--
-- Name: points_entries points_entries_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER points_entries_append_only BEFORE DELETE OR UPDATE ON public.points_entries FOR EACH ROW EXECUTE FUNCTION public.points_entries_append_only();


--
-- Name: refresh_tokens refresh_tokens_standing_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER refresh_tokens_standing_changed AFTER UPDATE ON public.refresh_tokens FOR EACH ROW WHEN (((old.revoked_at IS NULL) AND (new.revoked_at IS NOT NULL))) EXECUTE FUNCTION public.notify_user_standing_changed();


--
-- Name: user_roles user_roles_standing_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER user_roles_standing_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.user_roles FOR EACH STATEMENT EXECUTE FUNCTION public.notify_user_standing_changed();


--
-- Name: users users_standing_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER users_standing_changed AFTER UPDATE ON public.users FOR EACH ROW WHEN (((old.is_disabled IS DISTINCT FROM new.is_disabled) OR (old.organization_id IS DISTINCT FROM new.organization_id) OR ((old.full_name)::text IS DISTINCT FROM (new.full_name)::text) OR ((old.email)::text IS DISTINCT FROM (new.email)::text))) EXECUTE FUNCTION public.notify_user_standing_changed();


--
-- Name: users users_standing_removed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER users_standing_removed AFTER DELETE OR TRUNCATE ON public.users FOR EACH STATEMENT EXECUTE FUNCTION public.notify_user_standing_changed();


--
-- Name: api_clients fk_api_clients_organizations_organization_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_clients
    ADD CONSTRAINT fk_api_clients_organizations_organization_id FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE RESTRICT;


--
-- Name: bids fk_bids_lots_lot_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bids
    ADD CONSTRAINT fk_bids_lots_lot_id FOREIGN KEY (lot_id) REFERENCES public.lots(id) ON DELETE RESTRICT;


--
-- Name: bids fk_bids_organizations_organization_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bids
    ADD CONSTRAINT fk_bids_organizations_organization_id FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE RESTRICT;


--
-- Name: bids fk_bids_users_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bids
    ADD CONSTRAINT fk_bids_users_user_id FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE RESTRICT;


--
-- Name: calendar_feeds fk_calendar_feeds_users_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.calendar_feeds
    ADD CONSTRAINT fk_calendar_feeds_users_user_id FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: clients fk_clients_client_sources_source; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.clients
    ADD CONSTRAINT fk_clients_client_sources_source FOREIGN KEY (source) REFERENCES public.client_sources(code) ON DELETE RESTRICT;


--
-- Name: clients fk_clients_organizations_organization_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.clients
    ADD CONSTRAINT fk_clients_organizations_organization_id FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE RESTRICT;


--
-- Name: commission_entries fk_commission_entries_deals_deal_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.commission_entries
    ADD CONSTRAINT fk_commission_entries_deals_deal_id FOREIGN KEY (deal_id) REFERENCES public.deals(id) ON DELETE RESTRICT;


--
-- Name: commission_entries fk_commission_entries_organizations_organization_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.commission_entries
    ADD CONSTRAINT fk_commission_entries_organizations_organization_id FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE RESTRICT;


--
-- Name: commission_entries fk_commission_entries_users_rewards_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.commission_entries
    ADD CONSTRAINT fk_commission_entries_users_rewards_user_id FOREIGN KEY (rewards_user_id) REFERENCES public.users(id) ON DELETE RESTRICT;


--
-- Name: commission_rules fk_commission_rules_banks_bank_code; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.commission_rules
    ADD CONSTRAINT fk_commission_rules_banks_bank_code FOREIGN KEY (bank_code) REFERENCES public.banks(code) ON DELETE RESTRICT;


--
-- Name: commission_rules fk_commission_rules_users_created_by_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.commission_rules
    ADD CONSTRAINT fk_commission_rules_users_created_by_user_id FOREIGN KEY (created_by_user_id) REFERENCES public.users(id) ON DELETE RESTRICT;


--
-- Name: deal_stage_history fk_deal_stage_history_deals_deal_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deal_stage_history
    ADD CONSTRAINT fk_deal_stage_history_deals_deal_id FOREIGN KEY (deal_id) REFERENCES public.deals(id) ON DELETE RESTRICT;


--
-- Name: deals fk_deals_banks_loan_bank_code; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deals
    ADD CONSTRAINT fk_deals_banks_loan_bank_code FOREIGN KEY (loan_bank_code) REFERENCES public.banks(code) ON DELETE RESTRICT;


--
-- Name: deals fk_deals_clients_client_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deals
    ADD CONSTRAINT fk_deals_clients_client_id FOREIGN KEY (client_id) REFERENCES public.clients(id) ON DELETE RESTRICT;


--
-- Name: deals fk_deals_leads_lead_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deals
    ADD CONSTRAINT fk_deals_leads_lead_id FOREIGN KEY (lead_id) REFERENCES public.leads(id) ON DELETE RESTRICT;


--
-- Name: deals fk_deals_organizations_organization_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deals
    ADD CONSTRAINT fk_deals_organizations_organization_id FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE RESTRICT;


--
-- Name: deals fk_deals_pipeline_stages_stage_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deals
    ADD CONSTRAINT fk_deals_pipeline_stages_stage_id FOREIGN KEY (stage_id) REFERENCES public.pipeline_stages(id) ON DELETE RESTRICT;


--
-- Name: deals fk_deals_pipelines_pipeline_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deals
    ADD CONSTRAINT fk_deals_pipelines_pipeline_id FOREIGN KEY (pipeline_id) REFERENCES public.pipelines(id) ON DELETE RESTRICT;


--
-- Name: documents fk_documents_organizations_organization_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT fk_documents_organizations_organization_id FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;


--
-- Name: grade_history fk_grade_history_organizations_organization_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grade_history
    ADD CONSTRAINT fk_grade_history_organizations_organization_id FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;


--
-- Name: import_file_chunks fk_import_file_chunks_import_operations_operation_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.import_file_chunks
    ADD CONSTRAINT fk_import_file_chunks_import_operations_operation_id FOREIGN KEY (operation_id) REFERENCES public.import_operations(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;


--
-- Name: import_operations fk_import_operations_organizations_organization_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.import_operations
    ADD CONSTRAINT fk_import_operations_organizations_organization_id FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE RESTRICT;


--
-- Name: import_rejected_rows fk_import_rejected_rows_import_operations_operation_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.import_rejected_rows
    ADD CONSTRAINT fk_import_rejected_rows_import_operations_operation_id FOREIGN KEY (operation_id) REFERENCES public.import_operations(id) ON DELETE CASCADE;


--
-- Name: invitations fk_invitations_organizations_organization_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT fk_invitations_organizations_organization_id FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE RESTRICT;


--
-- Name: invitations fk_invitations_users_accepted_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT fk_invitations_users_accepted_user_id FOREIGN KEY (accepted_user_id) REFERENCES public.users(id) ON DELETE RESTRICT;


--
-- Name: invitations fk_invitations_users_invited_by_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT fk_invitations_users_invited_by_user_id FOREIGN KEY (invited_by_user_id) REFERENCES public.users(id) ON DELETE RESTRICT;


--
-- Name: knowledge_article_versions fk_knowledge_article_versions_knowledge_articles_article_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.knowledge_article_versions
    ADD CONSTRAINT fk_knowledge_article_versions_knowledge_articles_article_id FOREIGN KEY (article_id) REFERENCES public.knowledge_articles(id) ON DELETE CASCADE;


--
-- Name: knowledge_articles fk_knowledge_articles_knowledge_sections_section_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.knowledge_articles
    ADD CONSTRAINT fk_knowledge_articles_knowledge_sections_section_id FOREIGN KEY (section_id) REFERENCES public.knowledge_sections(id) ON DELETE RESTRICT;


--
-- Name: knowledge_faq_entries fk_knowledge_faq_entries_knowledge_sections_section_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.knowledge_faq_entries
    ADD CONSTRAINT fk_knowledge_faq_entries_knowledge_sections_section_id FOREIGN KEY (section_id) REFERENCES public.knowledge_sections(id) ON DELETE RESTRICT;


--
-- Name: lead_comments fk_lead_comments_leads_lead_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.lead_comments
    ADD CONSTRAINT fk_lead_comments_leads_lead_id FOREIGN KEY (lead_id) REFERENCES public.leads(id) ON DELETE RESTRICT;


--
-- Name: lead_history fk_lead_history_leads_lead_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.lead_history
    ADD CONSTRAINT fk_lead_history_leads_lead_id FOREIGN KEY (lead_id) REFERENCES public.leads(id) ON DELETE RESTRICT;


--
-- Name: lead_returns fk_lead_returns_leads_lead_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.lead_returns
    ADD CONSTRAINT fk_lead_returns_leads_lead_id FOREIGN KEY (lead_id) REFERENCES public.leads(id) ON DELETE RESTRICT;


--
-- Name: lead_returns fk_lead_returns_ledger_entries_charge_entry_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.lead_returns
    ADD CONSTRAINT fk_lead_returns_ledger_entries_charge_entry_id FOREIGN KEY (charge_entry_id) REFERENCES public.ledger_entries(id) ON DELETE RESTRICT;


--
-- Name: lead_returns fk_lead_returns_ledger_entries_refund_entry_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.lead_returns
    ADD CONSTRAINT fk_lead_returns_ledger_entries_refund_entry_id FOREIGN KEY (refund_entry_id) REFERENCES public.ledger_entries(id) ON DELETE RESTRICT;


--
-- Name: lead_returns fk_lead_returns_organizations_organization_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.lead_returns
    ADD CONSTRAINT fk_lead_returns_organizations_organization_id FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE RESTRICT;


--
-- Name: lead_returns fk_lead_returns_users_decided_by_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.lead_returns
    ADD CONSTRAINT fk_lead_returns_users_decided_by_user_id FOREIGN KEY (decided_by_user_id) REFERENCES public.users(id) ON DELETE RESTRICT;


--
-- Name: lead_returns fk_lead_returns_users_requested_by_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.lead_returns
    ADD CONSTRAINT fk_lead_returns_users_requested_by_user_id FOREIGN KEY (requested_by_user_id) REFERENCES public.users(id) ON DELETE RESTRICT;


--
-- Name: leads fk_leads_clients_client_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.leads
    ADD CONSTRAINT fk_leads_clients_client_id FOREIGN KEY (client_id) REFERENCES public.clients(id) ON DELETE RESTRICT;


--
-- Name: leads fk_leads_lead_statuses_status; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.leads
    ADD CONSTRAINT fk_leads_lead_statuses_status FOREIGN KEY (status) REFERENCES public.lead_statuses(code) ON DELETE RESTRICT;


--
-- Name: leads fk_leads_leads_duplicate_of_lead_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.leads
    ADD CONSTRAINT fk_leads_leads_duplicate_of_lead_id FOREIGN KEY (duplicate_of_lead_id) REFERENCES public.leads(id) ON DELETE RESTRICT;


--
-- Name: leads fk_leads_organizations_organization_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.leads
    ADD CONSTRAINT fk_leads_organizations_organization_id FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE RESTRICT;


--
-- Name: ledger_entries fk_ledger_entries_organizations_organization_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ledger_entries
    ADD CONSTRAINT fk_ledger_entries_organizations_organization_id FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE RESTRICT;


--
-- Name: ledger_entries fk_ledger_entries_users_created_by_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ledger_entries
    ADD CONSTRAINT fk_ledger_entries_users_created_by_user_id FOREIGN KEY (created_by_user_id) REFERENCES public.users(id) ON DELETE RESTRICT;


--
-- Name: lots fk_lots_leads_lead_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.lots
    ADD CONSTRAINT fk_lots_leads_lead_id FOREIGN KEY (lead_id) REFERENCES public.leads(id) ON DELETE RESTRICT;


--
-- Name: lots fk_lots_lots_previous_lot_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.lots
    ADD CONSTRAINT fk_lots_lots_previous_lot_id FOREIGN KEY (previous_lot_id) REFERENCES public.lots(id) ON DELETE RESTRICT;


--
-- Name: lots fk_lots_organizations_assigned_organization_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.lots
    ADD CONSTRAINT fk_lots_organizations_assigned_organization_id FOREIGN KEY (assigned_organization_id) REFERENCES public.organizations(id) ON DELETE RESTRICT;


--
-- Name: lots fk_lots_organizations_leader_organization_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.lots
    ADD CONSTRAINT fk_lots_organizations_leader_organization_id FOREIGN KEY (leader_organization_id) REFERENCES public.organizations(id) ON DELETE RESTRICT;


--
-- Name: messenger_links fk_messenger_links_users_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.messenger_links
    ADD CONSTRAINT fk_messenger_links_users_user_id FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: mfa_tokens fk_mfa_tokens_users_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mfa_tokens
    ADD CONSTRAINT fk_mfa_tokens_users_user_id FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: notification_preferences fk_notification_preferences_users_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification_preferences
    ADD CONSTRAINT fk_notification_preferences_users_user_id FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: notifications fk_notifications_organizations_organization_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notifications
    ADD CONSTRAINT fk_notifications_organizations_organization_id FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE RESTRICT;


--
-- Name: notifications fk_notifications_users_recipient_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notifications
    ADD CONSTRAINT fk_notifications_users_recipient_user_id FOREIGN KEY (recipient_user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: organization_hosts fk_organization_hosts_organizations_organization_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organization_hosts
    ADD CONSTRAINT fk_organization_hosts_organizations_organization_id FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;


--
-- Name: organizations fk_organizations_organizations_referrer_organization_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organizations
    ADD CONSTRAINT fk_organizations_organizations_referrer_organization_id FOREIGN KEY (referrer_organization_id) REFERENCES public.organizations(id) ON DELETE SET NULL;


--
-- Name: password_resets fk_password_resets_users_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.password_resets
    ADD CONSTRAINT fk_password_resets_users_user_id FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: pipeline_stages fk_pipeline_stages_pipelines_pipeline_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.pipeline_stages
    ADD CONSTRAINT fk_pipeline_stages_pipelines_pipeline_id FOREIGN KEY (pipeline_id) REFERENCES public.pipelines(id) ON DELETE RESTRICT;


--
-- Name: points_entries fk_points_entries_users_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.points_entries
    ADD CONSTRAINT fk_points_entries_users_user_id FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE RESTRICT;


--
-- Name: refresh_tokens fk_refresh_tokens_users_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.refresh_tokens
    ADD CONSTRAINT fk_refresh_tokens_users_user_id FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: role_claims fk_role_claims_roles_role_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role_claims
    ADD CONSTRAINT fk_role_claims_roles_role_id FOREIGN KEY (role_id) REFERENCES public.roles(id) ON DELETE CASCADE;


--
-- Name: role_permissions fk_role_permissions_roles_role_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.role_permissions
    ADD CONSTRAINT fk_role_permissions_roles_role_id FOREIGN KEY (role_id) REFERENCES public.roles(id) ON DELETE CASCADE;


--
-- Name: saved_reports fk_saved_reports_organizations_organization_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.saved_reports
    ADD CONSTRAINT fk_saved_reports_organizations_organization_id FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;


--
-- Name: settlement_acceptance_codes fk_settlement_acceptance_codes_settlement_acts_act_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.settlement_acceptance_codes
    ADD CONSTRAINT fk_settlement_acceptance_codes_settlement_acts_act_id FOREIGN KEY (act_id) REFERENCES public.settlement_acts(id) ON DELETE CASCADE;


--
-- Name: settlement_acts fk_settlement_acts_organizations_organization_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.settlement_acts
    ADD CONSTRAINT fk_settlement_acts_organizations_organization_id FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;


--
-- Name: settlement_acts fk_settlement_acts_settlement_acts_corrects_act_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.settlement_acts
    ADD CONSTRAINT fk_settlement_acts_settlement_acts_corrects_act_id FOREIGN KEY (corrects_act_id) REFERENCES public.settlement_acts(id) ON DELETE RESTRICT;


--
-- Name: settlement_entry_claims fk_settlement_entry_claims_commission_entries_entry_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.settlement_entry_claims
    ADD CONSTRAINT fk_settlement_entry_claims_commission_entries_entry_id FOREIGN KEY (entry_id) REFERENCES public.commission_entries(id) ON DELETE RESTRICT;


--
-- Name: settlement_entry_claims fk_settlement_entry_claims_settlement_acts_act_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.settlement_entry_claims
    ADD CONSTRAINT fk_settlement_entry_claims_settlement_acts_act_id FOREIGN KEY (act_id) REFERENCES public.settlement_acts(id) ON DELETE CASCADE;


--
-- Name: tasks fk_tasks_organizations_organization_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tasks
    ADD CONSTRAINT fk_tasks_organizations_organization_id FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE RESTRICT;


--
-- Name: tasks fk_tasks_users_assignee_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tasks
    ADD CONSTRAINT fk_tasks_users_assignee_user_id FOREIGN KEY (assignee_user_id) REFERENCES public.users(id) ON DELETE RESTRICT;


--
-- Name: telegram_group_links fk_telegram_group_links_organizations_organization_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.telegram_group_links
    ADD CONSTRAINT fk_telegram_group_links_organizations_organization_id FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;


--
-- Name: telegram_link_codes fk_telegram_link_codes_organizations_organization_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.telegram_link_codes
    ADD CONSTRAINT fk_telegram_link_codes_organizations_organization_id FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;


--
-- Name: telegram_link_codes fk_telegram_link_codes_users_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.telegram_link_codes
    ADD CONSTRAINT fk_telegram_link_codes_users_user_id FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: ticket_messages fk_ticket_messages_tickets_ticket_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ticket_messages
    ADD CONSTRAINT fk_ticket_messages_tickets_ticket_id FOREIGN KEY (ticket_id) REFERENCES public.tickets(id) ON DELETE CASCADE;


--
-- Name: ticket_messages fk_ticket_messages_users_author_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ticket_messages
    ADD CONSTRAINT fk_ticket_messages_users_author_user_id FOREIGN KEY (author_user_id) REFERENCES public.users(id) ON DELETE RESTRICT;


--
-- Name: tickets fk_tickets_organizations_organization_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tickets
    ADD CONSTRAINT fk_tickets_organizations_organization_id FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE RESTRICT;


--
-- Name: tickets fk_tickets_users_assignee_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tickets
    ADD CONSTRAINT fk_tickets_users_assignee_user_id FOREIGN KEY (assignee_user_id) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- Name: tickets fk_tickets_users_author_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tickets
    ADD CONSTRAINT fk_tickets_users_author_user_id FOREIGN KEY (author_user_id) REFERENCES public.users(id) ON DELETE RESTRICT;


--
-- Name: training_assignments fk_training_assignments_training_courses_course_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.training_assignments
    ADD CONSTRAINT fk_training_assignments_training_courses_course_id FOREIGN KEY (course_id) REFERENCES public.training_courses(id) ON DELETE RESTRICT;


--
-- Name: training_event_registrations fk_training_event_registrations_training_events_event_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.training_event_registrations
    ADD CONSTRAINT fk_training_event_registrations_training_events_event_id FOREIGN KEY (event_id) REFERENCES public.training_events(id) ON DELETE CASCADE;


--
-- Name: training_lesson_completions fk_training_lesson_completions_training_courses_course_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.training_lesson_completions
    ADD CONSTRAINT fk_training_lesson_completions_training_courses_course_id FOREIGN KEY (course_id) REFERENCES public.training_courses(id) ON DELETE CASCADE;


--
-- Name: training_lesson_completions fk_training_lesson_completions_training_lessons_lesson_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.training_lesson_completions
    ADD CONSTRAINT fk_training_lesson_completions_training_lessons_lesson_id FOREIGN KEY (lesson_id) REFERENCES public.training_lessons(id) ON DELETE CASCADE;


--
-- Name: training_lessons fk_training_lessons_training_courses_course_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.training_lessons
    ADD CONSTRAINT fk_training_lessons_training_courses_course_id FOREIGN KEY (course_id) REFERENCES public.training_courses(id) ON DELETE RESTRICT;


--
-- Name: training_submissions fk_training_submissions_training_assignments_assignment_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.training_submissions
    ADD CONSTRAINT fk_training_submissions_training_assignments_assignment_id FOREIGN KEY (assignment_id) REFERENCES public.training_assignments(id) ON DELETE RESTRICT;


--
-- Name: training_submissions fk_training_submissions_training_courses_course_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.training_submissions
    ADD CONSTRAINT fk_training_submissions_training_courses_course_id FOREIGN KEY (course_id) REFERENCES public.training_courses(id) ON DELETE RESTRICT;


--
-- Name: user_claims fk_user_claims_users_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_claims
    ADD CONSTRAINT fk_user_claims_users_user_id FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: user_logins fk_user_logins_users_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_logins
    ADD CONSTRAINT fk_user_logins_users_user_id FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: user_roles fk_user_roles_roles_role_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_roles
    ADD CONSTRAINT fk_user_roles_roles_role_id FOREIGN KEY (role_id) REFERENCES public.roles(id) ON DELETE CASCADE;


--
-- Name: user_roles fk_user_roles_users_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_roles
    ADD CONSTRAINT fk_user_roles_users_user_id FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: user_tokens fk_user_tokens_users_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_tokens
    ADD CONSTRAINT fk_user_tokens_users_user_id FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: users fk_users_organizations_organization_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT fk_users_organizations_organization_id FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE RESTRICT;


--
-- Name: webhook_attempts fk_webhook_attempts_webhook_deliveries_delivery_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_attempts
    ADD CONSTRAINT fk_webhook_attempts_webhook_deliveries_delivery_id FOREIGN KEY (delivery_id) REFERENCES public.webhook_deliveries(id) ON DELETE CASCADE;


--
-- Name: webhook_deliveries fk_webhook_deliveries_webhook_subscriptions_subscription_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT fk_webhook_deliveries_webhook_subscriptions_subscription_id FOREIGN KEY (subscription_id) REFERENCES public.webhook_subscriptions(id) ON DELETE CASCADE;


--
-- Name: webhook_secrets fk_webhook_secrets_webhook_subscriptions_subscription_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_secrets
    ADD CONSTRAINT fk_webhook_secrets_webhook_subscriptions_subscription_id FOREIGN KEY (subscription_id) REFERENCES public.webhook_subscriptions(id) ON DELETE CASCADE;


--
-- Name: webhook_subscriptions fk_webhook_subscriptions_organizations_organization_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_subscriptions
    ADD CONSTRAINT fk_webhook_subscriptions_organizations_organization_id FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--

\unrestrict x34VkqLLYtNDif9Bn0Kvc2q3Mf6pA6WWaWLmrbe183LaDmb503tppsdcIZ5LMSy

