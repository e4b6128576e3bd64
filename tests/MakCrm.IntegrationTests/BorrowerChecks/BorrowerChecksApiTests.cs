using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MakCrm.BorrowerCheckSimulator;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.BorrowerChecks;

/// <summary>The API pointed at the fake ФНС and ФССП on 127.0.0.1, with a short timeout and a small rate
/// limit.</summary>
public sealed class BorrowerCheckServer : ApiServerFixture
{
    public const int FnsRequestsPerMinute = 5;

    public BorrowerCheckServer()
        : this(new FakeCheckProviders().StartAsync().GetAwaiter().GetResult()) { }

    private BorrowerCheckServer(FakeCheckProviders providers)
        : base(
            new Dictionary<string, string>
            {
                ["Mak:BorrowerChecks:Providers:Fns:BaseAddress"] = providers.BaseAddress.ToString(),
                ["Mak:BorrowerChecks:Providers:Fns:Timeout"] = "00:00:01",
                ["Mak:BorrowerChecks:Providers:Fns:RequestsPerMinute"] = $"{FnsRequestsPerMinute}",
                ["Mak:BorrowerChecks:Providers:Fssp:BaseAddress"] = providers.FsspAddress.ToString(),
                ["Mak:BorrowerChecks:Providers:Fssp:Token"] = providers.FsspToken,
                ["Mak:BorrowerChecks:Providers:Fssp:RequestsPerMinute"] = "1000",
                ["Mak:BorrowerChecks:Providers:Egrul:BaseAddress"] = providers.DadataAddress.ToString(),
                ["Mak:BorrowerChecks:Providers:Egrul:Token"] = providers.DadataToken,
                ["Mak:BorrowerChecks:Providers:Egrul:Timeout"] = "00:00:01",
                ["Mak:BorrowerChecks:Providers:Egrul:RequestsPerMinute"] = "1000",
                ["Mak:BorrowerChecks:PollInterval"] = "00:00:00.200",
            }
        ) => Providers = providers;

    public FakeCheckProviders Providers { get; }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Providers.DisposeAsync();
    }
}

/// <summary>
/// Borrower checks over real HTTP and PostgreSQL against the fake providers: the consent they need, the closed outcome
/// (a captcha, a 5xx, a timeout and a rate limit are unavailable, never clear), the cache, the audit row, ФССП's
/// submit-and-poll with a task not ready at first, the sanctions list imported and matched fuzzily, and head office's
/// rule before the auction.
/// </summary>
public sealed class BorrowerChecksApiTests(BorrowerCheckServer server)
    : AuthTest(server),
        IClassFixture<BorrowerCheckServer>
{
    private const string Inn = "500100732259";
    private FakeCheckProviders Providers => server.Providers;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Providers.Reset();
    }

    private static string ChecksOf(string clientId) => $"/api/v1/clients/{clientId}/borrower-checks";

    private async Task<string> ConsentingClient(string fullName = "Петров Пётр Петрович")
    {
        var client = Id(await CreateClient(fullName));
        await GiveConsent(client, "borrower_checks", DateTimeOffset.UtcNow.AddMinutes(-5));
        return client;
    }

    private async Task<JsonObject> Run(string clientId, object body) =>
        await ExpectJson(await Post(ChecksOf(clientId), body), HttpStatusCode.Created);

    private static string Outcome(JsonObject check) => check["outcome"]!.GetValue<string>();

    private static string? Reason(JsonObject check) => check["reason"]?.GetValue<string>();

    [Fact]
    public async Task A_check_needs_its_consent_runs_on_the_provider_is_audited_cached_and_shown_on_client_and_lead()
    {
        var bare = Id(await CreateClient());
        var refused = await ExpectProblem(
            await Post(ChecksOf(bare), new { kind = "self_employed", inn = Inn }),
            HttpStatusCode.Conflict,
            "consent_required"
        );
        refused["purpose"]!.GetValue<string>().Should().Be("borrower_checks");
        Providers.Calls.Should().BeEmpty("nothing is asked without the borrower's consent");

        var client = await ConsentingClient();
        var lead = Id(await CreateLead(client));
        Providers.SelfEmployed[Inn] = true;
        var response = await Post(ChecksOf(client), new { kind = "self_employed", inn = Inn });
        var check = await ExpectJson(response, HttpStatusCode.Created);
        response.Headers.Location!.ToString().Should().EndWith($"/api/v1/borrower-checks/{Id(check)}");
        Outcome(check).Should().Be("hit");
        check["status"]!.GetValue<string>().Should().Be("completed");
        check["provider"]!.GetValue<string>().Should().Be("fns_npd");
        check["detail"]!.GetValue<string>().Should().Contain("является плательщиком");
        check["cached"]!.GetValue<bool>().Should().BeFalse();
        check["consentId"]!.GetValue<string>().Should().NotBeEmpty();
        check["requestedBy"]!.GetValue<string>().Should().NotBeEmpty();
        var call = Providers.Calls.Should().ContainSingle().Subject;
        call.PathAndQuery.Should().Be("/api/v1/tracker/taxpayer_status");
        var sent = JsonNode.Parse(call.Body!)!;
        sent["inn"]!.GetValue<string>().Should().Be(Inn);
        sent["requestDate"]!.GetValue<string>().Should().Be(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd"));

        var again = await Run(client, new { kind = "self_employed", inn = Inn });
        again["cached"]!.GetValue<bool>().Should().BeTrue();
        Outcome(again).Should().Be("hit");
        Providers.Calls.Should().HaveCount(1, "the same request's answer is reused");

        var ofClient = await ExpectJson(await Http.GetAsync(ChecksOf(client)), HttpStatusCode.OK);
        var ids = ofClient["items"]!.AsArray().Select(i => Id(i!.AsObject())).ToList();
        ids.Should().Equal(Id(again), Id(check));
        var ofLead = await ExpectJson(await Http.GetAsync($"/api/v1/leads/{lead}/borrower-checks"), HttpStatusCode.OK);
        ofLead["items"]!.ToJsonString().Should().Be(ofClient["items"]!.ToJsonString());
        var one = await Http.GetAsync($"/api/v1/borrower-checks/{Id(check)}");
        (await ExpectJson(one, HttpStatusCode.OK)).ToJsonString().Should().Be(check.ToJsonString());

        var audit = await ExpectJson(
            await Http.GetAsync($"/api/v1/audit-events?entityId={Id(check)}"),
            HttpStatusCode.OK
        );
        var line = audit["items"]!.AsArray().Should().ContainSingle().Subject!.AsObject();
        line["actorUserId"]!.GetValue<string>().Should().Be(check["requestedBy"]!.GetValue<string>());
        var changes = line["changes"]!.ToJsonString();
        changes.Should().Contain("\"hit\"").And.Contain("fns_npd").And.Contain(check["consentId"]!.GetValue<string>());
        changes.Should().NotContain(Inn, "the audit keeps the request's hash, not the borrower's number");

        await ExpectProblem(
            await Http.GetAsync($"{ChecksOf(Guid.NewGuid().ToString())}"),
            HttpStatusCode.NotFound,
            "not_found"
        );
        await ExpectProblem(
            await Http.GetAsync($"/api/v1/borrower-checks/{Guid.NewGuid()}"),
            HttpStatusCode.NotFound,
            "not_found"
        );
    }

    [Fact]
    public async Task A_captcha_a_5xx_a_timeout_and_a_spent_rate_limit_are_unavailable_never_clear()
    {
        var client = await ConsentingClient();
        string[] inns = ["770708389324", "773000000169", "526000000086", Inn];
        Providers.FailNext(ProviderFault.Captcha);
        var captcha = await Run(client, new { kind = "self_employed", inn = inns[0] });
        Providers.FailNext(ProviderFault.ServerError);
        var serverError = await Run(client, new { kind = "self_employed", inn = inns[1] });
        Providers.FailNext(ProviderFault.Hang);
        var timeout = await Run(client, new { kind = "self_employed", inn = inns[2] });
        Providers.FailNext(ProviderFault.Limited);
        var limited = await Run(client, new { kind = "self_employed", inn = inns[3] });

        (Outcome(captcha), Reason(captcha)).Should().Be(("unavailable", "captcha"));
        (Outcome(serverError), Reason(serverError)).Should().Be(("unavailable", "provider_error"));
        (Outcome(timeout), Reason(timeout)).Should().Be(("unavailable", "timeout"));
        (Outcome(limited), Reason(limited)).Should().Be(("unavailable", "rate_limited"));

        // An unavailable answer is not reused: the same request asks again, and now gets its answer.
        var answered = await Run(client, new { kind = "self_employed", inn = inns[0] });
        (Outcome(answered), Reason(answered), answered["cached"]!.GetValue<bool>()).Should().Be(("clear", null, false));
        Providers.Calls.Should().HaveCount(BorrowerCheckServer.FnsRequestsPerMinute);

        // The provider's rate is spent for this minute, on every instance: refused here, without asking.
        var ours = await Run(client, new { kind = "self_employed", inn = inns[1] });
        (Outcome(ours), Reason(ours)).Should().Be(("unavailable", "rate_limited"));
        Providers.Calls.Should().HaveCount(BorrowerCheckServer.FnsRequestsPerMinute);
    }

    [Fact]
    public async Task Numbers_are_checked_locally_and_what_a_provider_needs_is_asked_for()
    {
        var client = await ConsentingClient();
        var badInn = await ExpectProblem(
            await Post(ChecksOf(client), new { kind = "self_employed", inn = "500100732258" }),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(badInn, "inn").Should().NotBeEmpty();
        var badSnils = await ExpectProblem(
            await Post(ChecksOf(client), new { kind = "sanctions", snils = "112-233-445 96" }),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(badSnils, "snils").Should().NotBeEmpty();
        var unknownKind = await Post(ChecksOf(client), new { kind = "credit_history" });
        await ExpectProblem(unknownKind, HttpStatusCode.BadRequest, "validation_failed");

        var noInn = await Run(client, new { kind = "self_employed", snils = "112-233-445 95" });
        Outcome(noInn).Should().Be("needs_input");
        noInn["missing"]!.AsArray().Select(m => m!.GetValue<string>()).Should().Equal("inn");
        var noBirthDate = await Run(client, new { kind = "enforcement_proceedings", region = 77 });
        noBirthDate["missing"]!.AsArray().Select(m => m!.GetValue<string>()).Should().Equal("birthDate");
        var noRegion = await Run(client, new { kind = "enforcement_proceedings", birthDate = "1980-01-01" });
        Outcome(noRegion).Should().Be("needs_input", "ФССП searches one region, and another region would find nothing");
        noRegion["missing"]!.AsArray().Select(m => m!.GetValue<string>()).Should().Equal("region");
        var nothing = await Run(client, new { kind = "enforcement_proceedings" });
        nothing["missing"]!.AsArray().Select(m => m!.GetValue<string>()).Should().Equal("birthDate", "region");
        foreach (var region in new[] { 0, 100 })
        {
            var body = new
            {
                kind = "enforcement_proceedings",
                birthDate = "1980-01-01",
                region,
            };
            var badRegion = await ExpectProblem(
                await Post(ChecksOf(client), body),
                HttpStatusCode.BadRequest,
                "validation_failed"
            );
            FieldErrors(badRegion, "region").Should().NotBeEmpty();
        }

        Providers.Calls.Should().BeEmpty("no provider is asked before the input is complete and valid");
    }

    [Fact]
    public async Task Enforcement_proceedings_are_submitted_then_polled_until_the_task_is_ready()
    {
        Providers.NotReadyPolls = 2;
        Providers.Debtors["ДОЛЖНИКОВ"] = "12345/24/77001-ИП от 01.03.2024";
        var debtor = await ConsentingClient("Должников Пётр Иванович");
        var honest = await ConsentingClient("Честнов Павел Андреевич");

        var pending = await Run(
            debtor,
            new
            {
                kind = "enforcement_proceedings",
                birthDate = "1980-01-01",
                region = 54,
            }
        );
        pending["status"]!.GetValue<string>().Should().Be("pending");
        pending["outcome"].Should().BeNull("a pending check has no outcome yet, and is never read as clear");
        var clearPending = await Run(
            honest,
            new
            {
                kind = "enforcement_proceedings",
                birthDate = "1985-05-05",
                region = 77,
            }
        );

        var hit = await Completed(Id(pending));
        Outcome(hit).Should().Be("hit");
        hit["provider"]!.GetValue<string>().Should().Be("fssp");
        hit["detail"]!.GetValue<string>().Should().Contain("12345/24/77001-ИП");
        hit["version"]!.GetValue<int>().Should().BeGreaterThan(pending["version"]!.GetValue<int>());
        Outcome(await Completed(Id(clearPending))).Should().Be("clear");

        // Each poll of the task left its own audit line, naming the provider, the request and the outcome so far.
        var audit = await ExpectJson(
            await Http.GetAsync($"/api/v1/audit-events?entityId={Id(pending)}&limit=100"),
            HttpStatusCode.OK
        );
        var lines = audit["items"]!.AsArray().Select(l => l!["changes"]!.AsObject()).ToList();
        var polls = lines.Where(l => l["polls"]!["after"]!.GetValue<int>() > 0).ToList();
        polls.Should().HaveCount(3, "the task answered 'not ready' twice, then its result");
        lines.Should().HaveCount(1 + polls.Count, "the submission's line, then one line per poll");
        polls.Select(l => l["polls"]!["after"]!.GetValue<int>()).Order().Should().Equal(1, 2, 3);
        polls.Should().OnlyContain(l => l["provider"]!["after"]!.GetValue<string>() == "fssp");
        polls.Should().OnlyContain(l => l["requestHash"]!["after"]!.GetValue<string>().Length == 64);
        polls
            .Select(l => l["outcome"]!["after"]?.GetValue<string>() ?? "pending")
            .Order()
            .Should()
            .Equal("hit", "pending", "pending");

        var search = Providers.Calls.First(c =>
            c.PathAndQuery.StartsWith("/fssp/search/physical", StringComparison.Ordinal)
        );
        search
            .PathAndQuery.Should()
            .Contain("lastname=%D0%94%D0%BE%D0%BB%D0%B6%D0%BD%D0%B8%D0%BA%D0%BE%D0%B2")
            .And.Contain("birthdate=01.01.1980")
            .And.Contain("region=54")
            .And.Contain($"token={Providers.FsspToken}");
        Providers
            .Calls.Count(c => c.PathAndQuery.StartsWith("/fssp/status", StringComparison.Ordinal))
            .Should()
            .BeGreaterThanOrEqualTo(6, "each task answered 'not ready' twice before it was done");
        Providers.Calls.Count(c => c.PathAndQuery.StartsWith("/fssp/result", StringComparison.Ordinal)).Should().Be(2);
    }

    private const string ActiveOgrn = "1027700132195";
    private const string IpOgrnip = "304500100732252";

    [Fact]
    public async Task A_company_or_ip_is_clear_when_active_and_a_hit_when_liquidated_unreliable_or_not_found()
    {
        var client = await ConsentingClient();
        Providers.Parties.Add(new FakeParty("ООО \"РОМАШКА\"", "7707083893", ActiveOgrn));
        Providers.Parties.Add(new FakeParty("ООО \"ЗАКРЫТО\"", "7736050003", "1027700070518", "LIQUIDATED"));
        var ip = new FakeParty("ИП Петров Пётр Петрович", Inn, IpOgrnip, Invalid: true);
        Providers.Parties.Add(ip);

        var active = await Run(client, new { kind = "company_registration", ogrn = ActiveOgrn });
        (Outcome(active), active["provider"]!.GetValue<string>()).Should().Be(("clear", "egrul"));
        active["detail"]!.GetValue<string>().Should().Contain("РОМАШКА").And.Contain("is active");
        var sent = Providers.Calls.Should().ContainSingle().Subject;
        sent.PathAndQuery.Should().Be("/dadata/findById/party");
        JsonNode.Parse(sent.Body!)!["query"]!.GetValue<string>().Should().Be(ActiveOgrn);

        var liquidated = await Run(client, new { kind = "company_registration", inn = "7736050003" });
        (Outcome(liquidated), liquidated["detail"]!.GetValue<string>())
            .Should()
            .Be(("hit", "ООО \"ЗАКРЫТО\" (ОГРН 1027700070518) is liquidated."));
        var unreliable = await Run(client, new { kind = "company_registration", inn = Inn });
        Outcome(unreliable).Should().Be("hit");
        unreliable["detail"]!.GetValue<string>().Should().Contain("unreliable");
        var both = await Run(
            client,
            new
            {
                kind = "company_registration",
                ogrn = "1027700070518",
                inn = Inn,
            }
        );
        Outcome(both).Should().Be("hit", "the ОГРН is asked when both are given, and it is liquidated");
        var byInn = await Run(client, new { kind = "company_registration", inn = "7707083893" });
        Outcome(byInn).Should().Be("clear");
        Providers.Parties.Clear();
        var notFound = await Run(client, new { kind = "company_registration", ogrn = "1027739609391" });
        (Outcome(notFound), notFound["detail"]!.GetValue<string>())
            .Should()
            .Be(("hit", "ЕГРЮЛ/ЕГРИП has no company or ИП with this number."));

        var again = await Run(client, new { kind = "company_registration", ogrn = ActiveOgrn });
        (Outcome(again), again["cached"]!.GetValue<bool>()).Should().Be(("clear", true));
        Providers.Calls.Should().HaveCount(6, "the answer for the same ОГРН is reused");
        var listed = await ExpectJson(
            await Http.GetAsync($"{ChecksOf(client)}?kind=company_registration"),
            HttpStatusCode.OK
        );
        listed["items"]!.AsArray().Should().HaveCount(7);
    }

    [Fact]
    public async Task The_register_behind_a_captcha_a_5xx_a_timeout_or_its_limit_is_unavailable_never_clear()
    {
        var client = await ConsentingClient();
        Providers.Parties.Add(new FakeParty("ООО \"РОМАШКА\"", "7707083893", ActiveOgrn));
        ProviderFault[] faults =
        [
            ProviderFault.Captcha,
            ProviderFault.ServerError,
            ProviderFault.Hang,
            ProviderFault.TooManyRequests,
        ];
        var reasons = new List<string?>();
        foreach (var fault in faults)
        {
            Providers.FailNext(fault);
            var check = await Run(client, new { kind = "company_registration", ogrn = ActiveOgrn });
            Outcome(check).Should().Be("unavailable");
            reasons.Add(Reason(check));
        }

        reasons.Should().Equal("captcha", "provider_error", "timeout", "rate_limited");
        var answered = await Run(client, new { kind = "company_registration", ogrn = ActiveOgrn });
        (Outcome(answered), answered["cached"]!.GetValue<bool>()).Should().Be(("clear", false));
    }

    [Fact]
    public async Task Company_numbers_are_checked_locally_and_one_of_them_is_needed()
    {
        var client = await ConsentingClient();
        var badOgrn = await ExpectProblem(
            await Post(ChecksOf(client), new { kind = "company_registration", ogrn = "1027700132196" }),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(badOgrn, "ogrn").Should().NotBeEmpty();
        var badOgrnip = await ExpectProblem(
            await Post(ChecksOf(client), new { kind = "company_registration", ogrn = "304500100732253" }),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(badOgrnip, "ogrn").Should().NotBeEmpty();
        var companyInnForAPerson = await ExpectProblem(
            await Post(ChecksOf(client), new { kind = "self_employed", inn = "7707083893" }),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(companyInnForAPerson, "inn").Should().NotBeEmpty();

        var none = await Run(client, new { kind = "company_registration" });
        Outcome(none).Should().Be("needs_input");
        none["missing"]!.AsArray().Select(m => m!.GetValue<string>()).Should().Equal("inn", "ogrn");
        Providers.Calls.Should().BeEmpty();

        await ExpectProblem(
            await Post(ChecksOf(Guid.NewGuid().ToString()), new { kind = "company_registration", ogrn = ActiveOgrn }),
            HttpStatusCode.NotFound,
            "not_found"
        );
    }

    /// <summary>The check once the worker completed it (the worker polls every 200 ms).</summary>
    private async Task<JsonObject> Completed(string id)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var check = await ExpectJson(await Http.GetAsync($"/api/v1/borrower-checks/{id}"), HttpStatusCode.OK);
            if (check["status"]!.GetValue<string>() == "completed")
            {
                return check;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"The check {id} stayed pending.");
    }

    private async Task<HttpResponseMessage> ImportList(string version, string csv, HttpClient? http = null) =>
        await ImportList(version, Encoding.UTF8.GetBytes(csv), "text/csv", http);

    private async Task<HttpResponseMessage> ImportList(
        string version,
        byte[] content,
        string type,
        HttpClient? http = null
    )
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        form.Add(file, "file", type == "text/csv" ? "list.csv" : "list.xml");
        form.Add(new StringContent(version), "version");
        return await (http ?? Http).PostAsync("/api/v1/sanctions-lists", form);
    }

    private const string ListFile = """
        number;fullName;birthDate;place
        1;ИВАНОВ ИВАН ИВАНОВИЧ;01.02.1980;г. Москва
        2;Сидорова Анна Сергеевна;;г. Пермь
        3;ПЕТРОВ ПЁТР ПЕТРОВИЧ;1990-03-03;г. Казань
        """;

    [Fact]
    public async Task The_sanctions_list_is_imported_by_version_and_matched_fuzzily_on_name_and_birth_date()
    {
        var client = await ConsentingClient("Иванов Иван Иваноич");
        var unconfigured = await Run(client, new { kind = "sanctions", birthDate = "1980-02-01" });
        (Outcome(unconfigured), Reason(unconfigured)).Should().Be(("unavailable", "not_configured"));

        var imported = await ExpectJson(await ImportList("2026-11-20 № 204", ListFile), HttpStatusCode.Created);
        imported["entries"]!.GetValue<int>().Should().Be(3);
        imported["version"]!.GetValue<string>().Should().Be("2026-11-20 № 204");
        var read = await Http.GetAsync($"/api/v1/sanctions-lists/{Id(imported)}");
        (await ExpectJson(read, HttpStatusCode.OK)).ToJsonString().Should().Be(imported.ToJsonString());

        var hit = await Run(client, new { kind = "sanctions", birthDate = "1980-02-01" });
        Outcome(hit).Should().Be("hit");
        hit["listVersion"]!.GetValue<string>().Should().Be("2026-11-20 № 204");
        var match = hit["matches"]!.AsArray().Should().ContainSingle().Subject!;
        match["fullName"]!.GetValue<string>().Should().Be("ИВАНОВ ИВАН ИВАНОВИЧ");
        match["score"]!.GetValue<double>().Should().BeInRange(0.85, 0.99);

        var otherBirthDate = await Run(client, new { kind = "sanctions", birthDate = "1981-02-01" });
        (Outcome(otherBirthDate), otherBirthDate["listVersion"]!.GetValue<string>())
            .Should()
            .Be(("clear", "2026-11-20 № 204"));
        var noDateOnList = await Run(
            client,
            new
            {
                kind = "sanctions",
                fullName = "Анна Сергеевна Сидорова",
                birthDate = "1970-07-07",
            }
        );
        Outcome(noDateOnList).Should().Be("hit", "an entry without a birth date matches on the name, in any order");

        await ExpectProblem(await ImportList("2026-11-20 № 204", ListFile), HttpStatusCode.Conflict, "conflict");
        var noColumns = await ExpectProblem(
            await ImportList("v2", "name;born\nИванов;01.01.1980\n"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(noColumns, "file").Should().NotBeEmpty();
        var badDate = await ExpectProblem(
            await ImportList("v3", "fullName,birthDate\nИванов Иван,31.02.1980\n"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(badDate, "file").Single().Should().Contain("Row 2");
        using var employee = await Server.CreateHttpClientAsync(TestActor.Employee);
        await ExpectProblem(await ImportList("v4", ListFile, employee), HttpStatusCode.Forbidden, "forbidden");
    }

    /// <summary>Росфинмониторинг's list as its personal account delivers it, in windows-1251 as declared.</summary>
    private const string PerechenFile = """
        <?xml version="1.0" encoding="windows-1251"?>
        <Перечень>
          <ВерсияФормата>2.0</ВерсияФормата>
          <ДатаПеречня>2026-11-24</ДатаПеречня>
          <ДатаПредыдущегоПеречня>2026-11-20</ДатаПредыдущегоПеречня>
          <АктуальныйПеречень>
            <Субъект>
              <ИдСубъекта>101</ИдСубъекта>
              <ТипСубъекта><Идентификатор>4</Идентификатор><Наименование>Физическое лицо</Наименование></ТипСубъекта>
              <ФЛ>
                <ФИО>КРАСНОВ ГЕОРГИЙ ПАВЛОВИЧ</ФИО>
                <ДатаРождения>1979-04-12T00:00:00</ДатаРождения>
                <ГодРождения>1979</ГодРождения>
                <МестоРождения>Г. ТВЕРЬ</МестоРождения>
                <СписокДрНаименований>
                  <ДрНаименование><ФИО>БЕЛОВ ЕГОР ПАВЛОВИЧ</ФИО></ДрНаименование>
                </СписокДрНаименований>
              </ФЛ>
              <Террорист>1</Террорист>
            </Субъект>
            <Субъект>
              <ИдСубъекта>102</ИдСубъекта>
              <ТипСубъекта><Идентификатор>4</Идентификатор><Наименование>Физическое лицо</Наименование></ТипСубъекта>
              <ФЛ><ФИО>ЗИМИНА ОЛЬГА ЮРЬЕВНА</ФИО><ГодРождения>1991</ГодРождения></ФЛ>
            </Субъект>
            <Субъект>
              <ИдСубъекта>103</ИдСубъекта>
              <ТипСубъекта><Идентификатор>3</Идентификатор><Наименование>Юридическое лицо</Наименование></ТипСубъекта>
              <ЮЛ><Наименование>ООО "ВЕКТОР ЮГ"</Наименование><ИНН>7707083893</ИНН></ЮЛ>
            </Субъект>
          </АктуальныйПеречень>
          <ПоследниеИсключенные>
            <Субъект>
              <ИдСубъекта>90</ИдСубъекта>
              <ФЛ><ФИО>ОСВОБОЖДЕННЫЙ ИВАН ИВАНОВИЧ</ФИО><ДатаРождения>1970-01-01</ДатаРождения></ФЛ>
            </Субъект>
          </ПоследниеИсключенные>
        </Перечень>
        """;

    private static byte[] Windows1251(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1251).GetBytes(text);
    }

    [Fact]
    public async Task Rosfinmonitorings_xml_list_is_imported_with_other_names_without_organizations_or_the_excluded()
    {
        var imported = await ExpectJson(
            await ImportList("2026-11-24", Windows1251(PerechenFile), "application/xml"),
            HttpStatusCode.Created
        );
        imported["entries"]!.GetValue<int>().Should().Be(3, "two persons, one with another name; no organization");

        var byOtherName = await ConsentingClient("Белов Егор Павлович");
        var alias = await Run(byOtherName, new { kind = "sanctions", birthDate = "1979-04-12" });
        Outcome(alias).Should().Be("hit");
        alias["listVersion"]!.GetValue<string>().Should().Be("2026-11-24");
        alias["matches"]!.AsArray().Single()!["fullName"]!.GetValue<string>().Should().Be("БЕЛОВ ЕГОР ПАВЛОВИЧ");
        var wrongDate = await Run(byOtherName, new { kind = "sanctions", birthDate = "1979-04-13" });
        Outcome(wrongDate).Should().Be("clear");

        var yearOnly = await ConsentingClient("Зимина Ольга Юрьевна");
        var byName = await Run(yearOnly, new { kind = "sanctions", birthDate = "1991-06-30" });
        Outcome(byName).Should().Be("hit", "a person listed with only a year of birth is matched by name");

        var excluded = await ConsentingClient("Освобожденный Иван Иванович");
        Outcome(await Run(excluded, new { kind = "sanctions", birthDate = "1970-01-01" })).Should().Be("clear");

        var notPerechen = await ExpectProblem(
            await ImportList("x1", Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><List/>"), "application/xml"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(notPerechen, "file").Single().Should().Contain("Перечень");
        var broken = await ExpectProblem(
            await ImportList("x2", Encoding.UTF8.GetBytes("<Перечень><АктуальныйПеречень>"), "application/xml"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(broken, "file").Single().Should().Contain("well-formed");
        var withDtd = "<?xml version=\"1.0\"?><!DOCTYPE Перечень [<!ENTITY x \"y\">]><Перечень/>";
        await ExpectProblem(
            await ImportList("x3", Encoding.UTF8.GetBytes(withDtd), "application/xml"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        var badDate = PerechenFile.Replace("1979-04-12T00:00:00", "12 апреля 1979", StringComparison.Ordinal);
        var refused = await ExpectProblem(
            await ImportList("x4", Windows1251(badDate), "application/xml"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(refused, "file").Single().Should().Contain("Субъект 101");
        var list = await ExpectJson(await Http.GetAsync($"/api/v1/sanctions-lists/{Id(imported)}"), HttpStatusCode.OK);
        list["entries"]!.GetValue<int>().Should().Be(3, "a refused file changes nothing");
    }

    [Fact]
    public async Task Head_offices_policy_stops_a_lead_from_the_auction_without_a_recent_clear_check()
    {
        var client = await ConsentingClient("Чистов Олег Олегович");
        var lead = Id(await CreateLead(client, amount: 2_500_000m));
        var policy = await Http.GetAsync("/api/v1/borrower-check-policy");
        var initial = await ExpectJson(policy, HttpStatusCode.OK);
        initial["requiredBeforeAuction"]!.AsArray().Should().BeEmpty("nothing is required until head office asks");
        initial["validDays"]!.GetValue<int>().Should().Be(30);
        var tag = ETagOf(policy);

        const string path = "/api/v1/borrower-check-policy";
        var body = Json(new { requiredBeforeAuction = new[] { "sanctions" }, validDays = 7 });
        await ExpectProblem(
            await Send(HttpMethod.Put, path, body),
            HttpStatusCode.PreconditionRequired,
            "precondition_required"
        );
        await ExpectProblem(
            await Send(HttpMethod.Put, path, body, ifMatch: "\"9\""),
            HttpStatusCode.PreconditionFailed,
            "precondition_failed"
        );
        var invalid = Json(new { requiredBeforeAuction = new[] { "sanctions" }, validDays = 0 });
        await ExpectProblem(
            await Send(HttpMethod.Put, path, invalid, ifMatch: tag),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        var changed = await ExpectJson(await Send(HttpMethod.Put, path, body, ifMatch: tag), HttpStatusCode.OK);
        changed["requiredBeforeAuction"]!.AsArray().Select(k => k!.GetValue<string>()).Should().Equal("sanctions");
        changed["validDays"]!.GetValue<int>().Should().Be(7);

        var lot = new
        {
            leadId = lead,
            startPrice = 1000m,
            minStep = 100m,
            endsAt = DateTimeOffset.UtcNow.AddHours(1),
        };
        var refused = await ExpectProblem(
            await Post("/api/v1/lots", lot),
            HttpStatusCode.Conflict,
            "borrower_check_required"
        );
        refused["kinds"]!.AsArray().Select(k => k!.GetValue<string>()).Should().Equal("sanctions");

        await ExpectJson(await ImportList("2026-11-27", ListFile), HttpStatusCode.Created);
        Outcome(await Run(client, new { kind = "sanctions", birthDate = "1975-04-04" })).Should().Be("clear");
        await ExpectJson(await Post("/api/v1/lots", lot), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Head_offices_policy_stops_a_deal_from_naming_a_bank_without_a_recent_clear_check()
    {
        var client = await ConsentingClient("Банков Борис Борисович");
        var policy = await Http.GetAsync("/api/v1/borrower-check-policy");
        (await ExpectJson(policy, HttpStatusCode.OK))["requiredBeforeBank"]!.AsArray().Should().BeEmpty();
        var changed = await ExpectJson(
            await Send(
                HttpMethod.Put,
                "/api/v1/borrower-check-policy",
                Json(
                    new
                    {
                        requiredBeforeAuction = Array.Empty<string>(),
                        requiredBeforeBank = new[] { "sanctions" },
                        validDays = 30,
                    }
                ),
                ifMatch: ETagOf(policy)
            ),
            HttpStatusCode.OK
        );
        changed["requiredBeforeBank"]!.AsArray().Select(k => k!.GetValue<string>()).Should().Equal("sanctions");
        changed["requiredBeforeAuction"]!.AsArray().Should().BeEmpty();

        Task<HttpResponseMessage> PostDeal(string? bank, string title = "Ипотека", string product = "mortgage") =>
            Post(
                "/api/v1/deals",
                new
                {
                    clientId = client,
                    title,
                    amount = 3_000_000m,
                    product,
                    bank,
                }
            );

        var withoutBank = await ExpectJson(await PostDeal(bank: null), HttpStatusCode.Created);
        var refused = await ExpectProblem(
            await PostDeal("Сбербанк"),
            HttpStatusCode.Conflict,
            "borrower_check_required"
        );
        refused["kinds"]!.AsArray().Select(k => k!.GetValue<string>()).Should().Equal("sanctions");
        refused["detail"]!.GetValue<string>().Should().StartWith("Before a bank,");
        var deal = $"/api/v1/deals/{Id(withoutBank)}";
        await ExpectProblem(
            await Patch(deal, new { bank = "Сбербанк" }, "\"1\""),
            HttpStatusCode.Conflict,
            "borrower_check_required"
        );
        var renamed = await ExpectJson(
            await Patch(deal, new { title = "Ипотека на вторичку" }, "\"1\""),
            HttpStatusCode.OK
        );
        renamed["bank"].Should().BeNull("a change that names no bank is not refused");

        await ExpectJson(await ImportList("2026-11-28", ListFile), HttpStatusCode.Created);
        Outcome(await Run(client, new { kind = "sanctions", birthDate = "1975-04-04" })).Should().Be("clear");
        var sent = await ExpectJson(await Patch(deal, new { bank = "Сбербанк" }, "\"2\""), HttpStatusCode.OK);
        sent["bank"]!.GetValue<string>().Should().Be("Сбербанк");
        await ExpectJson(await PostDeal("ВТБ", "Автокредит", "auto"), HttpStatusCode.Created);
    }
}
