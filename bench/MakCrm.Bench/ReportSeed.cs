using Npgsql;

namespace MakCrm.Bench;

/// <summary>
/// Fills a migrated database with the report benchmark's data in SQL (the API's write path would take hours for a
/// million leads and is not what is measured): 200 partners and 50 franchisees besides head office, one client per
/// lead and 5% of leads repeating an earlier lead's client as duplicates, deals for the leads in progress, approved,
/// issued or rejected (about 57%). The distributions are skewed the way a brokerage's are: a few partners bring most
/// leads, two cities dominate, more leads in recent months than two years ago, request amounts spread over an order of
/// magnitude, and a status mix where most leads are still open or lost. Deterministic for a given seed (PostgreSQL's <c>setseed</c>).
/// </summary>
internal static class ReportSeed
{
    public const int Partners = 200;
    public const int Franchisees = 50;

    public static async Task FillAsync(string connectionString, int leads, int seed, Report report, CancellationToken cancellationToken)
    {
        var originals = (int)(leads * 0.95);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var (what, sql) in Steps(originals, leads - originals, seed))
        {
            report.Progress(what);
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static IEnumerable<(string What, string Sql)> Steps(int originals, int duplicates, int seed)
    {
        var seedValue = (seed % 1_000_000) / 1_000_000.0;
        yield return ("organizations", $"""
            SELECT setseed({seedValue.ToString(System.Globalization.CultureInfo.InvariantCulture)});
            INSERT INTO organizations (id, kind, name, status, city, created_at, updated_at, version)
            SELECT gen_random_uuid(), CASE WHEN g <= {Partners} THEN 'partner' ELSE 'franchisee' END,
                   CASE WHEN g <= {Partners} THEN 'ООО Партнёр ' ELSE 'ООО Франчайзи ' END || g, 'active',
                   (ARRAY['Москва','Санкт-Петербург','Казань','Новосибирск','Екатеринбург'])[1 + g % 5],
                   now() - interval '800 days', now() - interval '800 days', 1
            FROM generate_series(1, {Partners + Franchisees}) g;
            """);

        // The organizations by number: 1..Partners partners, then the franchisees, then head office last.
        const string Numbered = """
            CREATE TEMP TABLE seed_orgs AS
            SELECT row_number() OVER (ORDER BY kind DESC, name) AS n, id FROM organizations
            WHERE name LIKE 'ООО Партнёр %' OR name LIKE 'ООО Франчайзи %';
            INSERT INTO seed_orgs SELECT (SELECT count(*) FROM seed_orgs) + 1, id FROM organizations WHERE kind = 'head_office' LIMIT 1;
            CREATE UNIQUE INDEX ON seed_orgs (n);
            """;
        yield return ("numbering organizations", Numbered);

        // One row per original lead with everything drawn once, then written to clients and leads.
        yield return ($"drawing {originals:N0} leads", $"""
            CREATE TEMP TABLE seed_leads AS
            SELECT r.g AS n, gen_random_uuid() AS client_id, gen_random_uuid() AS lead_id,
                   CASE WHEN r.o < 0.70 THEN 1 + floor({Partners} * power(random(), 2.5))::int
                        WHEN r.o < 0.90 THEN {Partners} + 1 + floor({Franchisees} * random())::int
                        ELSE {Partners + Franchisees} + 1 END AS org_n,
                   now() - make_interval(secs => 730 * 86400 * power(random(), 1.4)) AS created_at,
                   random() AS r1, random() AS r2, random() AS r3, random() AS r4
            FROM (SELECT g, random() AS o FROM generate_series(1, {originals}) g) r;
            """);
        yield return ("clients", """
            INSERT INTO clients (id, full_name, phone, email, city, source, created_at, updated_at, version, organization_id,
                                 consent_given_at, consent_text_version, processing_method)
            SELECT s.client_id, 'Клиент ' || s.n, '+79' || lpad(s.n::text, 9, '0'),
                   CASE WHEN s.r1 < 0.5 THEN 'client' || s.n || '@mail.example' END,
                   (ARRAY['Москва','Москва','Москва','Санкт-Петербург','Санкт-Петербург','Казань','Новосибирск','Екатеринбург',
                          'Нижний Новгород','Краснодар','Самара','Ростов-на-Дону','Уфа','Пермь','Воронеж','Волгоград','Омск',
                          'Челябинск','Тюмень','Калининград'])[1 + floor(20 * power(s.r2, 1.6))::int],
                   (ARRAY['partner','partner','partner','lead_generation','lead_generation','cold_base','external','purchased_base'])[1 + floor(8 * s.r3)::int],
                   s.created_at, s.created_at, 1, o.id,
                   CASE WHEN s.r4 < 0.8 THEN s.created_at END, CASE WHEN s.r4 < 0.8 THEN 'v1' END,
                   (ARRAY['call_center','partner','franchisee','self_service'])[1 + floor(4 * power(s.r1, 1.3))::int]
            FROM seed_leads s JOIN seed_orgs o ON o.n = s.org_n;
            """);
        yield return ("leads", """
            INSERT INTO leads (id, client_id, requested_amount, product, status, created_at, updated_at, deleted_at, version, organization_id)
            SELECT s.lead_id, s.client_id, round((150000 * exp(2.6 * s.r3))::numeric, -3),
                   (ARRAY['consumer','consumer','consumer','mortgage','mortgage','auto','business','refinancing'])[1 + floor(8 * s.r2)::int],
                   (ARRAY['new','new','from_partner','auction','not_sold','in_progress','in_progress','in_progress','approved',
                          'issued','issued','rejected','rejected','rejected','returned'])[1 + floor(15 * s.r4)::int],
                   s.created_at, s.created_at + interval '2 days', CASE WHEN s.r1 > 0.99 THEN s.created_at + interval '3 days' END,
                   1, o.id
            FROM seed_leads s JOIN seed_orgs o ON o.n = s.org_n;
            """);
        yield return ($"{duplicates:N0} duplicate leads", $"""
            INSERT INTO leads (id, client_id, requested_amount, product, status, created_at, updated_at, version, organization_id, duplicate_of_lead_id)
            SELECT gen_random_uuid(), l.client_id, l.requested_amount, l.product, 'new', l.created_at + interval '7 days',
                   l.created_at + interval '7 days', 1, l.organization_id, l.id
            FROM leads l JOIN seed_leads s ON s.lead_id = l.id
            WHERE s.n % {Math.Max(1, originals / Math.Max(1, duplicates))} = 0;
            """);
        yield return ("deals", """
            INSERT INTO deals (id, organization_id, client_id, lead_id, title, amount, bank, product, pipeline_id, stage_id,
                               closed_at, created_at, updated_at, version)
            SELECT gen_random_uuid(), l.organization_id, l.client_id, l.id, 'Сделка по заявке ' || s.n,
                   round(coalesce(l.requested_amount, 500000) * (0.6 + 0.4 * s.r1)::numeric, 2),
                   (ARRAY['Сбербанк','ВТБ','Альфа-Банк','Газпромбанк','Т-Банк','Совкомбанк','Росбанк','Открытие'])[1 + floor(8 * s.r2)::int],
                   coalesce(l.product, 'consumer'), st.pipeline_id, st.id,
                   CASE WHEN st.kind <> 'working' THEN l.created_at + make_interval(days => 5 + floor(55 * s.r3)::int) END,
                   l.created_at + interval '1 day', l.created_at + interval '1 day', 1
            FROM seed_leads s
            JOIN leads l ON l.id = s.lead_id
            JOIN LATERAL (
                SELECT ps.id, ps.pipeline_id, ps.kind FROM pipeline_stages ps
                WHERE ps.pipeline_id = (SELECT id FROM pipelines ORDER BY created_at, id LIMIT 1) AND ps.deleted_at IS NULL
                  AND ps.kind = CASE l.status WHEN 'issued' THEN 'won' WHEN 'rejected' THEN 'lost' ELSE 'working' END
                ORDER BY ps.position
                OFFSET CASE l.status WHEN 'approved' THEN 3 WHEN 'in_progress' THEN floor(3 * s.r4)::int ELSE 0 END LIMIT 1) st ON true
            WHERE l.status IN ('in_progress', 'approved', 'issued', 'rejected');
            """);
        yield return ("VACUUM ANALYZE", "VACUUM ANALYZE");
    }
}
