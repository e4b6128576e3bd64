using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MakCrm.Application.Knowledge;
using MakCrm.Infrastructure.Knowledge;
using Npgsql;

namespace MakCrm.Bench;

/// <summary>
/// The knowledge-base search over 10,000 generated Russian articles (bench/README.md, section 8): a mix of queries
/// (word forms, phrases, a typo, operators) by four concurrent partner users through
/// <c>GET /api/v1/knowledge/search</c> and, as its baseline, the very statements the repository sends
/// (<see cref="KnowledgeSearchSql"/>, the same parameters and the same reader) through Npgsql by four connections.
/// Two corpora, one after the other in the same database: <b>topical</b> (each section writes about its own brokerage
/// words, amid general Russian; judged on the API's p95, target under 50 ms) and <b>uniform</b> (every word drawn from
/// the same 130 brokerage words, so each query word is in most articles; a stress figure, printed, not judged).
/// </summary>
internal static class KnowledgeBenchmark
{
    public const double MaxP95Ms = 50;
    private const int Users = 4;
    private const string Database = "mak_bench_knowledge";

    private static readonly string[] Queries =
    [
        "ипотеку", "кредиты", "рефинансирование ставки", "страховка жизни", "как оформить вычет", "документы для банка",
        "ипатека", "крелит", "\"материнский капитал\"", "залог -автомобиль", "кредит & ипотека | !страховка", "одобрение заявки партнёра",
    ];

    private enum Corpus
    {
        Topical,
        Uniform,
    }

    public static async Task<bool> RunAsync(BenchOptions options, Report report, CancellationToken cancellationToken)
    {
        report.Heading($"Knowledge-base search over {options.KnowledgeArticles:N0} articles: API vs its own SQL sent raw, {Users} concurrent users");
        await Databases.DropAsync(options.ServerConnection, Database, cancellationToken);
        var connection = Databases.For(options.ServerConnection, Database);
        await using var api = await ApiProcess.StartAsync(options, Database, cancellationToken);
        using var http = new HttpClient { BaseAddress = api.BaseUrl, Timeout = TimeSpan.FromMinutes(2) };
        var partner = await ApiSession.PreparePartnerAsync(api.BaseUrl, connection, cancellationToken);

        var reader = new KnowledgeReader(false, partner.OrganizationId, ["partner"]);
        await using var dataSource = NpgsqlDataSource.Create(connection);
        Task<int> Api(string q) => ApiSearchAsync(http, partner.AccessToken, q, cancellationToken);
        async Task<int> Raw(string q)
        {
            await using var db = await dataSource.OpenConnectionAsync(cancellationToken);
            return (await KnowledgeSearchSql.SearchAsync(db, new KnowledgeSearch(q, null, null, KnowledgeCatalog.DefaultSearchLimit), reader, cancellationToken)).Count;
        }

        var pass = false;
        foreach (var corpus in new[] { Corpus.Topical, Corpus.Uniform })
        {
            var seeding = Stopwatch.StartNew();
            await SeedAsync(connection, corpus, options.KnowledgeArticles, options.Seed, cancellationToken);
            await Databases.VacuumAnalyzeAsync(connection, cancellationToken);
            report.Line($"{Name(corpus)} corpus seeded in {seeding.Elapsed.TotalSeconds:0} s: {await Databases.CountAsync(connection, "SELECT count(*) FROM knowledge_articles", cancellationToken):N0} articles, "
                + $"{await Databases.CountAsync(connection, "SELECT count(*) FROM knowledge_articles WHERE status = 'published' AND visible_to_kinds = '{}'", cancellationToken):N0} of them published for every kind");

            var matches = new List<string>();
            foreach (var q in Queries)
            {
                var (apiHits, rawHits) = (await Api(q), await Raw(q));
                if (apiHits != rawHits)
                {
                    throw new InvalidOperationException($"The query «{q}»: the API found {apiHits} hits, its SQL {rawHits}.");
                }

                var share = await Databases.CountAsync(connection, $"SELECT count(*) FROM knowledge_articles WHERE search_vector @@ websearch_to_tsquery('russian', '{q.Replace("'", "''", StringComparison.Ordinal)}')", cancellationToken)
                    * 100.0 / options.KnowledgeArticles;
                matches.Add($"«{q}» {share:0}%");
            }

            report.Line("articles each query's words match (before visibility): " + string.Join(", ", matches));

            foreach (var side in new[] { (Func<string, Task<int>>)Api, Raw })
            {
                await WarmUpAsync(side, options.Warmup);
            }

            var apiSearches = new List<(string Query, double Ms)>();
            var rawSearches = new List<(string Query, double Ms)>();
            var windows = new Dictionary<string, List<RunMonitor.Result>> { ["api"] = [], ["raw"] = [] };
            foreach (var side in new[] { "api", "raw", "raw", "api" })
            {
                // The raw side's SQL is sent by this process, so its "server process" is the bench's own.
                var server = side == "api" ? api.ProcessId : Environment.ProcessId;
                var monitor = await RunMonitor.StartAsync(connection, server, cancellationToken);
                (side == "api" ? apiSearches : rawSearches).AddRange(await ConcurrentlyAsync(side == "api" ? Api : Raw, options.KnowledgeRounds));
                windows[side].Add(await monitor.StopAsync(cancellationToken));
            }

            var apiCpu = RunMonitor.Result.Combine(windows["api"]);
            var rawCpu = RunMonitor.Result.Combine(windows["raw"]);
            var (apiRate, rawRate) = (apiSearches.Count / apiCpu.Seconds, rawSearches.Count / rawCpu.Seconds);

            var apiTimes = apiSearches.Select(s => s.Ms).ToList();
            var rawTimes = rawSearches.Select(s => s.Ms).ToList();

            var apiP95 = Percentile(apiTimes, 0.95);
            var rawP95 = Percentile(rawTimes, 0.95);
            report.Table(
                ["corpus", "side", "requests", "p50 ms", "p95 ms", "p99 ms"],
                [
                    [Name(corpus), "API", apiTimes.Count.ToString(CultureInfo.InvariantCulture), $"{Percentile(apiTimes, 0.5):0.0}", $"{apiP95:0.0}", $"{Percentile(apiTimes, 0.99):0.0}"],
                    [Name(corpus), "raw SQL", rawTimes.Count.ToString(CultureInfo.InvariantCulture), $"{Percentile(rawTimes, 0.5):0.0}", $"{rawP95:0.0}", $"{Percentile(rawTimes, 0.99):0.0}"],
                ]);
            report.Line($"{Name(corpus)}: ratio of p95 (API / raw): {apiP95 / rawP95:0.00}");
            report.Table(
                ["query", "API p50 ms", "API p95 ms", "raw p50 ms", "raw p95 ms"],
                Queries.Select(q =>
                {
                    var (api, raw) = (apiSearches.Where(s => s.Query == q).Select(s => s.Ms).ToList(), rawSearches.Where(s => s.Query == q).Select(s => s.Ms).ToList());
                    return new[] { $"«{q}»", $"{Percentile(api, 0.5):0.0}", $"{Percentile(api, 0.95):0.0}", $"{Percentile(raw, 0.5):0.0}", $"{Percentile(raw, 0.95):0.0}" };
                }).ToArray());
            if (corpus == Corpus.Topical)
            {
                pass = apiP95 < MaxP95Ms;
                var costs = report.CpuPer(
                    "search", apiCpu, apiRate, rawCpu, rawRate, "the raw side's server process is the bench process");
                report.Line($"verdict: {(pass ? "PASS" : "FAIL")} — the API's p95 < {MaxP95Ms} ms on the topical corpus ({Users} users, {Queries.Length} queries × {options.KnowledgeRounds} rounds per turn, ABBA)");
                var p95s = $"{apiP95:0.0} ms ({rawP95:0.0})";
                report.Judged("kb", "API p95, topical corpus (raw's)", p95s, $"< {MaxP95Ms} ms", pass, costs);
            }
            else
            {
                report.Line($"uniform corpus (stress, not judged): the API's p95 {apiP95:0.0} ms");
            }
        }

        return pass;
    }

    private static string Name(Corpus corpus) => corpus == Corpus.Topical ? "topical" : "uniform";

    /// <summary>
    /// Articles in SQL (deterministic for a seed; the sections and articles of an earlier corpus are replaced): titles of
    /// 3 to 7 words, bodies of 80 to 300, in 20 sections, with tags; 90% published, a fifth of them shown to franchisees
    /// only. <see cref="Corpus.Topical"/>: each section has a window of twelve of the 130 brokerage words as its topic;
    /// a body's word is one of them with probability 0.45, any brokerage word with 0.15, else one of about 200 general
    /// Russian words; a title's word is a topic word with probability 0.75. <see cref="Corpus.Uniform"/>: every word is
    /// any of the 130 brokerage words.
    /// </summary>
    private static async Task SeedAsync(string connectionString, Corpus corpus, int articles, int seed, CancellationToken cancellationToken)
    {
        var seedValue = ((seed % 1_000_000) / 1_000_000.0).ToString(CultureInfo.InvariantCulture);
        const string AnyWord = "v.a[1 + floor(random() * cardinality(v.a))::int]";
        const string TopicWord = "v.a[1 + ((g % 20) * 6 + floor(random() * 12)::int) % cardinality(v.a)]";
        const string GeneralWord = "v.general[1 + floor(random() * cardinality(v.general))::int]";
        var (titleWord, bodyWord) = corpus == Corpus.Topical
            ? ($"CASE WHEN random() < 0.75 THEN {TopicWord} ELSE {GeneralWord} END",
               $"CASE WHEN x.r < 0.45 THEN {TopicWord} WHEN x.r < 0.60 THEN {AnyWord} ELSE {GeneralWord} END")
            : (AnyWord, AnyWord);
        var sql = $$"""
            SELECT setseed({{seedValue}});
            TRUNCATE knowledge_articles CASCADE;
            DELETE FROM knowledge_sections;
            INSERT INTO knowledge_sections (id, title, position, created_at, updated_at, version)
            SELECT gen_random_uuid(), 'Раздел ' || g, g, now(), now(), 1 FROM generate_series(1, 20) g;
            CREATE TEMP TABLE vocab AS SELECT string_to_array(
                'ипотека кредит кредиты заявка заявки банк банка банки ставка ставки процент проценты платёж платежи залог автомобиль квартира '
                || 'дом жильё недвижимость страховка страхование жизни имущества полис документы паспорт справка доходов доход вычет налоговый '
                || 'рефинансирование рефинансировать оформить оформление одобрение одобрить отказ клиент клиенты партнёр партнёра франчайзи '
                || 'комиссия вознаграждение выплата выплаты договор подписание сделка сделки лид лиды аукцион ставку баланс пополнение счёт '
                || 'материнский капитал семейная господдержка льготная молодых семей первоначальный взнос срок месяцев лет досрочное погашение '
                || 'кредитная история рейтинг скоринг анкета заполнить проверить подтвердить менеджер звонок встреча офис онлайн кабинет '
                || 'как что где когда почему нужно можно следует важно правило правила порядок шаги инструкция пример условия требования',
                ' ') AS a,
              string_to_array(
                'и в не на с что по это к из у за от для о же так но все она он они мы вы при до после если или чтобы только уже '
                || 'ещё также тоже очень более менее всегда обычно часто сразу теперь здесь там этот эта эти тот та те свой своя свои '
                || 'который которая которые каждый любой другой новый первый второй последний общий основной отдельный полный короткий '
                || 'время день неделя год работа вопрос ответ случай часть место способ вариант результат информация данные список '
                || 'сумма размер число цена стоимость расчёт период дата система сервис раздел страница поле кнопка ссылка письмо '
                || 'сообщение уведомление статус этап задача проверка ошибка изменение решение помощь поддержка возможность '
                || 'сделать получить указать выбрать отправить написать прочитать найти открыть закрыть сохранить изменить добавить '
                || 'удалить использовать помочь увидеть знать узнать понять начать закончить продолжить получает указывает выбирает '
                || 'работает находится становится требуется появляется остаётся зависит относится позволяет помогает показывает',
                ' ') AS general;
            CREATE TEMP TABLE sections AS SELECT row_number() OVER (ORDER BY position) AS n, id FROM knowledge_sections;
            INSERT INTO knowledge_articles (id, section_id, title, body, body_html, tags, status, visible_to_roles, visible_to_kinds,
                attachment_ids, revision, created_at, updated_at, published_at, version)
            SELECT gen_random_uuid(), (SELECT id FROM sections WHERE n = 1 + (g % 20)), t.title, t.body, '<p>' || t.body || '</p>',
                   ARRAY[v.a[1 + g % 40]], CASE WHEN g % 10 = 0 THEN 'draft' ELSE 'published' END,
                   '{}', CASE WHEN g % 5 = 0 THEN '{franchisee}'::text[] ELSE '{}' END, '{}', 1, now(), now(), now(), 1
            FROM generate_series(1, {{articles}}) g CROSS JOIN vocab v,
            LATERAL (SELECT
                initcap(array_to_string(ARRAY(SELECT {{titleWord}} FROM generate_series(1, 3 + g % 5)), ' ')) AS title,
                array_to_string(ARRAY(SELECT {{bodyWord}} FROM (SELECT random() AS r FROM generate_series(1, 80 + (g * 7919) % 220)) x), ' ') || '.' AS body) t;
            DROP TABLE vocab, sections;
            """;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<int> ApiSearchAsync(HttpClient http, string accessToken, string q, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/knowledge/search?q=" + Uri.EscapeDataString(q));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET /api/v1/knowledge/search answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!["items"]!.AsArray().Count;
    }

    /// <summary>Unmeasured rounds of every query by all the users at once, for at least <paramref name="warmup"/> (the server's JIT and caches warm).</summary>
    private static async Task WarmUpAsync(Func<string, Task<int>> search, TimeSpan warmup)
    {
        var started = Stopwatch.GetTimestamp();
        do
        {
            await ConcurrentlyAsync(search, 1);
        }
        while (Stopwatch.GetElapsedTime(started) < warmup);
    }

    /// <summary>Every query <paramref name="rounds"/> times by each of the users at once; each search's query and time in milliseconds.</summary>
    private static async Task<List<(string Query, double Ms)>> ConcurrentlyAsync(Func<string, Task<int>> search, int rounds)
    {
        var times = await Task.WhenAll(Enumerable.Range(0, Users).Select(async user =>
        {
            var mine = new List<(string, double)>();
            for (var round = 0; round < rounds; round++)
            {
                for (var i = 0; i < Queries.Length; i++)
                {
                    var query = Queries[(i + user) % Queries.Length];
                    var started = Stopwatch.GetTimestamp();
                    await search(query);
                    mine.Add((query, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
                }
            }

            return mine;
        }));
        return times.SelectMany(t => t).ToList();
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
