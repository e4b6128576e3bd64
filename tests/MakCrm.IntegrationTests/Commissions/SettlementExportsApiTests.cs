using System.Globalization;
using System.Net;
using System.Text;
using MakCrm.Application.Settlements;
using MakCrm.IntegrationTests.Documents;

namespace MakCrm.IntegrationTests.Commissions;

/// <summary>
/// The accountants' files of settlement acts: the registry of acts and payouts (CSV, XLSX) and the payouts still to
/// make as payment orders in 1С's exchange format with a bank client, each read back and checked against its format's
/// rules.
/// </summary>
public sealed partial class SettlementActsApiTests
{
    private static readonly object PartnerBank = new
    {
        bankName = "ПАО Сбербанк",
        bik = "044525225",
        correspondentAccount = "30101810400000000225",
        settlementAccount = "40802810838000012345",
    };

    private static string Window => $"from={Day(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2))}"
        + $"&to={Day(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2))}";

    [Fact]
    public async Task The_registry_lists_each_issued_act_with_its_payout_and_a_partner_exports_only_its_own()
    {
        var (partner, user, _, _, _) = await PartnerWithAvailableMoney(500_000m);
        var (act, etag) = await DraftAndIssue(partner);
        var id = Str(act["id"]);
        var number = Str(act["number"]);

        var issued = await Csv($"/api/v1/settlements/export?{Window}&organizationId={partner}");
        issued[0].Should().Equal(SettlementRegister.Columns);
        issued.Should().HaveCount(2, "the header and the one act");
        var row = issued[1];
        Cell(row, "number").Should().Be(number);
        Cell(row, "status").Should().Be("issued");
        Cell(row, "total").Should().Be("5000.00");
        Cell(row, "inn").Should().Be("695201473899");
        Cell(row, "taxRegime").Should().Be("usn_income");
        Cell(row, "paidOn").Should().BeEmpty();

        await ExpectJson(
            await Act(id, "payout", etag, new { paidOn = BooksToday, amount = 5_000m }),
            HttpStatusCode.OK);
        var paid = (await Csv($"/api/v1/settlements/export?{Window}&organizationId={partner}"))[1];
        Cell(paid, "status").Should().Be("paid");
        Cell(paid, "paidOn").Should().Be(BooksToday);
        Cell(paid, "paidAmount").Should().Be("5000.00");

        var xlsx = await Http.GetAsync($"/api/v1/settlements/export?{Window}&organizationId={partner}&format=xlsx");
        xlsx.StatusCode.Should().Be(HttpStatusCode.OK);
        (await xlsx.Content.ReadAsByteArrayAsync()).AsSpan().StartsWith("PK"u8).Should().BeTrue("an XLSX is a ZIP");

        var own = await user.GetAsync($"/api/v1/settlements/export?{Window}");
        own.StatusCode.Should().Be(HttpStatusCode.OK);
        ParseCsv(await own.Content.ReadAsStringAsync()).Skip(1).Select(r => Cell(r, "organizationId"))
            .Should().OnlyContain(o => o == partner.ToString());

        foreach (var period in new[] { "from=2026-02-01&to=2026-01-01", "from=2025-01-01&to=2026-01-02" })
        {
            var refused = await ExpectProblem(
                await Http.GetAsync($"/api/v1/settlements/export?{period}"),
                HttpStatusCode.BadRequest,
                "validation_failed");
            FieldErrors(refused, "to").Should().NotBeEmpty();
        }

        var noEnd = await ExpectProblem(
            await Http.GetAsync("/api/v1/settlements/export?from=2026-01-01"),
            HttpStatusCode.BadRequest,
            "validation_failed");
        FieldErrors(noEnd, "to").Should().Equal("Must be given.");
    }

    [Fact]
    public async Task Unpaid_acts_are_payment_orders_in_1c_client_bank_exchange_once_every_payee_has_a_bank_account()
    {
        var (partner, user, _, _, _) = await PartnerWithAvailableMoney(700_000m, taxRegime: "osno");
        var (act, etag) = await DraftAndIssue(partner);
        var number = Str(act["number"]);
        var url = $"/api/v1/settlements/payment-orders?{Window}&organizationId={partner}";

        var missing = await ExpectProblem(await Http.GetAsync(url), HttpStatusCode.Conflict, "requisites_incomplete");
        missing["detail"]!.GetValue<string>().Should().Contain($"partner {number}.bankName")
            .And.Contain($"partner {number}.settlementAccount").And.NotContain("headOffice");
        await GeneratedDocumentTexts.PatchProfileAsync(Http, partner, PartnerBank);

        var response = await Http.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/plain; charset=windows-1251");
        response.Content.Headers.ContentDisposition!.FileName.Should().Contain("1c_to_kl.txt");
        var file = ClientBankExchangeFile.Read(await response.Content.ReadAsByteArrayAsync());

        file.Header["ВерсияФормата"].Should().Be("1.03");
        file.Header["РасчСчет"].Should().Be("40702810400000000225", "head office pays");
        var order = file.Documents.Should().ContainSingle().Subject;
        var sequence = int.Parse(number[(number.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture);
        order["Номер"].Should().Be(sequence.ToString(CultureInfo.InvariantCulture));
        order["Сумма"].Should().Be("7000.00");
        order["ПлательщикИНН"].Should().Be("7707083893");
        order["ПлательщикКПП"].Should().Be("773601001");
        order["ПолучательИНН"].Should().Be("695201473899");
        order["Получатель1"].Should().Be("ИП Соколова Анна Викторовна");
        order["ПолучательСчет"].Should().Be("40802810838000012345");
        order["НазначениеПлатежа"].Should().StartWith($"Выплата вознаграждения по акту № {number} от ")
            .And.EndWith("В том числе НДС (22%): 1262.30", "the partner pays VAT: 7 000 × 22 / 122");

        await ExpectJson(
            await Act(Str(act["id"]), "payout", etag, new { paidOn = BooksToday, amount = 7_000m }),
            HttpStatusCode.OK);
        var after = ClientBankExchangeFile.Read(await (await Http.GetAsync(url)).Content.ReadAsByteArrayAsync());
        after.Documents.Should().BeEmpty("a paid act is not paid again");

        (await user.GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        await ExpectProblem(
            await Http.GetAsync("/api/v1/settlements/payment-orders?from=2026-02-01&to=2026-01-01"),
            HttpStatusCode.BadRequest,
            "validation_failed");
    }

    private async Task<List<string[]>> Csv(string url)
    {
        var response = await Http.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        return ParseCsv(await response.Content.ReadAsStringAsync());
    }

    private static string Cell(string[] row, string column) =>
        row[SettlementRegister.Columns.ToList().IndexOf(column)];

    // The registry's cells hold no quotes, commas or line breaks: a line is its cells joined by commas.
    private static List<string[]> ParseCsv(string text) =>
        text.TrimStart('\uFEFF')
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(','))
            .ToList();
}

/// <summary>
/// A 1CClientBankExchange file read back under the rules of version 1.03 (v8.1c.ru/edi/edi_stnd/100/101): its first
/// line, Windows-1251 text with CRLF ends, <c>key=value</c> lines, the header's required keys, each
/// <c>СекцияДокумент</c> closed by <c>КонецДокумента</c> with the keys a payment order must have in their forms
/// (dates dd.MM.yyyy, sums with a dot and two decimals, ИНН of 10 or 12 digits, accounts of 20 and БИК of 9, a
/// purpose of at most 210 characters), and <c>КонецФайла</c> last.
/// </summary>
internal sealed record ClientBankExchangeFile(
    Dictionary<string, string> Header,
    List<Dictionary<string, string>> Documents)
{
    private static readonly string[] HeaderKeys =
        ["ВерсияФормата", "Кодировка", "Отправитель", "ДатаНачала", "ДатаКонца", "РасчСчет"];

    private static readonly string[] OrderKeys =
    [
        "Номер", "Дата", "Сумма", "ПлательщикСчет", "Плательщик", "ПлательщикИНН", "Плательщик1", "ПлательщикРасчСчет",
        "ПлательщикБанк1", "ПлательщикБИК", "ПлательщикКорсчет", "ПолучательСчет", "Получатель", "ПолучательИНН",
        "Получатель1", "ПолучательРасчСчет", "ПолучательБанк1", "ПолучательБИК", "ПолучательКорсчет", "ВидОплаты",
        "Очередность", "НазначениеПлатежа",
    ];

    public static ClientBankExchangeFile Read(byte[] bytes)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var text = Encoding.GetEncoding(1251).GetString(bytes);
        Encoding.GetEncoding(1251).GetBytes(text).Should().Equal(bytes, "the file is Windows-1251 throughout");
        text.Should().EndWith("\r\n").And.NotContain("\n\n").And.NotMatchRegex("[^\r]\n");
        var lines = text[..^2].Split("\r\n");
        lines[0].Should().Be("1CClientBankExchange");
        lines[^1].Should().Be("КонецФайла");

        var header = new Dictionary<string, string>();
        var documents = new List<Dictionary<string, string>>();
        Dictionary<string, string>? open = null;
        foreach (var line in lines[1..^1])
        {
            if (line == "КонецДокумента")
            {
                open.Should().NotBeNull("КонецДокумента closes an open section");
                documents.Add(open!);
                open = null;
                continue;
            }

            var at = line.IndexOf('=', StringComparison.Ordinal);
            at.Should().BePositive($"«{line}» is key=value");
            var (key, value) = (line[..at], line[(at + 1)..]);
            if (key == "СекцияДокумент")
            {
                open.Should().BeNull("sections do not nest");
                value.Should().Be("Платежное поручение");
                open = [];
                continue;
            }

            (open ?? header).Should().NotContainKey(key);
            (open ?? header)[key] = value;
        }

        open.Should().BeNull("every section is closed");
        header.Keys.Should().Contain(HeaderKeys);
        header["Кодировка"].Should().Be("Windows");
        header["ДатаНачала"].Should().MatchRegex(DayForm);
        header["ДатаКонца"].Should().MatchRegex(DayForm);
        header["РасчСчет"].Should().MatchRegex(@"^\d{20}$");
        foreach (var order in documents)
        {
            order.Keys.Should().Contain(OrderKeys);
            order["Дата"].Should().MatchRegex(DayForm);
            order["Сумма"].Should().MatchRegex(@"^\d+\.\d{2}$");
            order["ПлательщикИНН"].Should().MatchRegex(@"^(\d{10}|\d{12})$");
            order["ПолучательИНН"].Should().MatchRegex(@"^(\d{10}|\d{12})$");
            string[] accounts = ["ПлательщикСчет", "ПлательщикКорсчет", "ПолучательСчет", "ПолучательКорсчет"];
            foreach (var account in accounts)
            {
                order[account].Should().MatchRegex(@"^\d{20}$");
            }

            order["ПлательщикБИК"].Should().MatchRegex(@"^\d{9}$");
            order["ПолучательБИК"].Should().MatchRegex(@"^\d{9}$");
            order["ПлательщикСчет"].Should().Be(header["РасчСчет"]);
            order["ВидОплаты"].Should().Be("01");
            order["Очередность"].Should().Be("5");
            order["НазначениеПлатежа"].Length.Should().BeLessThanOrEqualTo(210);
        }

        return new ClientBankExchangeFile(header, documents);
    }

    private const string DayForm = @"^\d{2}\.\d{2}\.\d{4}$";
}
