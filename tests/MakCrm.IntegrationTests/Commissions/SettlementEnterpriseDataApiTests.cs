using System.Net;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using MakCrm.Domain.Access;
using MakCrm.IntegrationTests.Documents;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Commissions;

/// <summary>
/// The acts the partners signed, with head office and the partners, as a message in 1С's exchange format
/// EnterpriseData, read back and checked against the format's rules.
/// </summary>
public sealed partial class SettlementActsApiTests
{
    private const string EnterpriseDataUrl = "/api/v1/settlements/enterprise-data";

    [Fact]
    public async Task Signed_acts_are_receipts_of_services_from_their_partners_in_an_enterprise_data_message()
    {
        var (vatPayer, user, email, _, _) = await PartnerWithAvailableMoney(700_000m, taxRegime: "osno");
        var (act, etag) = await DraftAndIssue(vatPayer);
        var id = Str(act["id"]);
        var (company, _, _, _, _) = await PartnerWithAvailableMoney(500_000m);
        await GeneratedDocumentTexts.PatchProfileAsync(Http, company, new
        {
            legalForm = "ooo", legalName = "ООО «Кредитный двор»",
            inn = "7736207543", kpp = "770401001",
        });
        var (companyAct, _) = await DraftAndIssue(company);

        var unsigned = await Message($"{EnterpriseDataUrl}?{Window}&organizationId={vatPayer}");
        unsigned.Documents.Should().BeEmpty("an act the partner has not signed is not in 1С's books yet");
        unsigned.Objects(Counterparties).Should().BeEmpty();

        var code = await AcceptanceCode(id, user, email);
        await ExpectJson(
            await user.PostAsync($"/api/v1/settlements/{id}/acceptance", Body(new { code })),
            HttpStatusCode.OK);
        var signed = await Message($"{EnterpriseDataUrl}?{Window}&organizationId={vatPayer}");
        var receipt = signed.Documents.Should().ContainSingle().Subject;
        var keys = receipt.Element(Ed(KeysName))!;
        Value(keys, "Ссылка").Should().Be(id);
        Value(keys, "Номер").Should().Be(Str(act["number"]));
        Value(keys, "Дата").Should().Be($"{Str(act["issuedOn"])}T00:00:00");
        Value(receipt, "Сумма").Should().Be("7000.00");
        var line = receipt.Element(Ed("Услуги"))!.Element(Ed("Строка"))!;
        Value(line, "СтавкаНДС").Should().Be("НДС22");
        Value(line, "СуммаНДС").Should().Be("1262.30", "the partner pays VAT: 7 000 × 22 / 122");
        var partner = signed.Objects(Counterparties).Should().ContainSingle().Subject
            .Element(Ed(KeysName))!;
        Value(partner, "Ссылка").Should().Be(vatPayer.ToString());
        Value(partner, "ИНН").Should().Be("695201473899");
        Value(partner, LegalKind).Should().Be("ФизическоеЛицо", "an ИП is a natural person");
        partner.Element(Ed("КПП")).Should().BeNull();
        Value(receipt.Element(Ed("Контрагент"))!, "Ссылка").Should().Be(vatPayer.ToString());
        signed.Objects("Справочник.Договоры").Should().ContainSingle();

        // Paid, the act stays; head office's message of every partner holds both kinds of counterparty.
        await ExpectJson(
            await Act(id, "payout", (await Read(id)).ETag, new { paidOn = BooksToday, amount = 7_000m }),
            HttpStatusCode.OK);
        var companyCode = await SignAsCompany(company, Str(companyAct["id"]));
        companyCode.Should().Be(HttpStatusCode.OK);
        var all = await Message($"{EnterpriseDataUrl}?{Window}");
        all.Documents.Select(IdOf).Should().Contain([id, Str(companyAct["id"])]);
        var legal = all.Objects(Counterparties)
            .Single(c => IdOf(c) == company.ToString())
            .Element(Ed(KeysName))!;
        Value(legal, LegalKind).Should().Be("ЮридическоеЛицо");
        Value(legal, "КПП").Should().Be("770401001");
        var untaxed = all.Documents.Single(d => IdOf(d) == Str(companyAct["id"]));
        Value(untaxed.Element(Ed("Услуги"))!.Element(Ed("Строка"))!, "СтавкаНДС")
            .Should().Be("БезНДС");

        // A partner exports only its own acts.
        var own = await Message($"{EnterpriseDataUrl}?{Window}", user);
        own.Objects(Counterparties).Select(IdOf).Should().Equal(vatPayer.ToString());
    }

    [Fact]
    public async Task An_enterprise_data_message_without_signed_acts_is_valid_and_empty_and_its_query_is_checked()
    {
        var empty = await Message($"{EnterpriseDataUrl}?from=2020-01-01&to=2020-12-31");
        empty.Documents.Should().BeEmpty();
        var organizations = empty.Objects("Справочник.Организации");
        organizations.Should().ContainSingle("head office keeps the books");

        string[] periods = ["from=2026-02-01&to=2026-01-01", "from=2025-01-01&to=2026-01-02", "from=2026-01-01"];
        foreach (var period in periods)
        {
            var refused = await ExpectProblem(
                await Http.GetAsync($"{EnterpriseDataUrl}?{period}"),
                HttpStatusCode.BadRequest,
                "validation_failed");
            FieldErrors(refused, "to").Should().NotBeEmpty();
        }

        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        await ExpectProblem(
            await franchisee.GetAsync($"{EnterpriseDataUrl}?from=2026-01-01&to=2026-12-31"),
            HttpStatusCode.Forbidden,
            "forbidden");
    }

    // The company partner's own signer accepts its act with the mailed code.
    private async Task<HttpStatusCode> SignAsCompany(Guid company, string actId)
    {
        var email = $"signer-{Guid.NewGuid():N}@company.example";
        await Server.CreateUserAsync(email, Roles.Partner, company);
        var tokens = await Server.PasswordGrantAsync(email, TestActors.Password);
        using var signer = Server.CreateHttpClient(tokens.GetProperty("access_token").GetString()!);
        var code = await AcceptanceCode(actId, signer, email);
        return (await signer.PostAsync($"/api/v1/settlements/{actId}/acceptance", Body(new { code }))).StatusCode;
    }

    private async Task<EnterpriseDataMessage> Message(string url, HttpClient? http = null)
    {
        var response = await (http ?? Http).GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.ToString().Should().Be("application/xml; charset=utf-8");
        response.Content.Headers.ContentDisposition!.FileName.Should().MatchRegex(@"enterprise-data-.+\.xml");
        return EnterpriseDataMessage.Read(await response.Content.ReadAsByteArrayAsync());
    }

    private const string Counterparties = "Справочник.Контрагенты";
    private const string KeysName = "КлючевыеСвойства";
    private const string LegalKind = "ЮридическоеФизическоеЛицо";

    private static XName Ed(string name) => EnterpriseDataMessage.Body + name;

    private static string? IdOf(XElement item) => Value(item.Element(Ed(KeysName))!, "Ссылка");

    private static string? Value(XElement element, string name) => element.Element(Ed(name))?.Value;
}

/// <summary>
/// An EnterpriseData message read back under the rules of format version 1.8: UTF-8 throughout with the
/// declaration saying so, well-formed, a <c>Message</c> whose <c>msg:Header</c> names the format's namespace, the
/// version, the exchange plan, the sender and the recipient; a <c>Body</c> in the format's namespace whose objects
/// are catalogues and documents each identified by a UUID <c>Ссылка</c> in its key properties, every reference
/// (a nested <c>Ссылка</c>) naming an object of the message of the kind the property holds and with the same
/// key properties; dates <c>xs:dateTime</c> without a zone, sums <c>xs:decimal</c> with two decimals, ИНН with
/// valid check digits and КПП of 9 digits, only legal entities with a КПП; a document's sum the sum of its lines,
/// and each line's VAT its sum × rate / (100 + rate).
/// </summary>
internal sealed record EnterpriseDataMessage(XElement Root)
{
    public static readonly XNamespace Body = "http://v8.1c.ru/edi/edi_stnd/EnterpriseData/1.8";
    private static readonly XNamespace Msg = "http://www.1c.ru/SSL/Exchange/Message";
    private const string Keys = "КлючевыеСвойства";
    private const string LegalKind = "ЮридическоеФизическоеЛицо";
    private const string LegalEntity = "ЮридическоеЛицо";

    // The kind of object a reference property holds.
    private static readonly Dictionary<string, string> ReferenceKinds = new()
    {
        ["Организация"] = "Справочник.Организации",
        ["Контрагент"] = "Справочник.Контрагенты",
        ["Договор"] = "Справочник.Договоры",
        ["Номенклатура"] = "Справочник.Номенклатура",
    };

    public IEnumerable<XElement> Documents =>
        Root.Element(Body + "Body")!.Elements()
            .Where(e => e.Name.LocalName.StartsWith("Документ.", StringComparison.Ordinal));

    public IEnumerable<XElement> Objects(string kind) => Root.Element(Body + "Body")!.Elements(Body + kind);

    public static EnterpriseDataMessage Read(byte[] bytes)
    {
        bytes.AsSpan().StartsWith("\uFEFF"u8).Should().BeFalse("the message has no byte order mark");
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        text.Should().StartWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        var document = XDocument.Parse(text, LoadOptions.None);
        var root = document.Root!;
        root.Name.Should().Be(XName.Get("Message"));

        var header = root.Element(Msg + "Header")!;
        header.Should().NotBeNull();
        header.Element(Msg + "Format")!.Value.Should().Be(Body.NamespaceName);
        header.Elements(Msg + "AvailableVersion").Select(v => v.Value).Should().Contain("1.8");
        header.Element(Msg + "CreationDate")!.Value.Should().MatchRegex(DateTimeForm);
        var confirmation = header.Element(Msg + "Confirmation")!;
        foreach (var name in new[] { "ExchangePlan", "From", "To" })
        {
            confirmation.Element(Msg + name)!.Value.Should().NotBeNullOrWhiteSpace();
        }

        var body = root.Element(Body + "Body")!;
        body.Should().NotBeNull("the body is in the namespace of format version 1.8");
        var objects = new Dictionary<(string Kind, string Id), XElement>();
        foreach (var item in body.Elements())
        {
            item.Name.Namespace.Should().Be(Body);
            item.Name.LocalName.Should().MatchRegex(@"^(Справочник|Документ)\.");
            var keys = item.Element(Body + Keys)!;
            keys.Should().NotBeNull($"{item.Name.LocalName} has key properties");
            var id = keys.Element(Body + "Ссылка")!.Value;
            Guid.TryParseExact(id, "D", out _).Should().BeTrue($"«{id}» is a UUID");
            objects.TryAdd((item.Name.LocalName, id), keys).Should().BeTrue($"{item.Name.LocalName} {id} is once");
        }

        // A reference is a Ссылка anywhere but in the key properties of an object of the body.
        var references = body.Descendants(Body + "Ссылка")
            .Where(r => r.Parent!.Name != Body + Keys || r.Parent.Parent!.Parent != body);
        foreach (var reference in references)
        {
            var property = reference.Parent!.Name.LocalName == Keys
                ? reference.Parent.Parent!.Name.LocalName
                : reference.Parent.Name.LocalName;
            ReferenceKinds.Should().ContainKey(property);
            var key = (ReferenceKinds[property], reference.Value);
            objects.Should().ContainKey(key, $"{property} {reference.Value} is in the message");
            var target = objects[key];
            foreach (var name in new[] { "ИНН", "КПП", "Наименование" })
            {
                reference.Parent.Element(Body + name)?.Value.Should().Be(target.Element(Body + name)?.Value);
            }
        }

        foreach (var element in body.Descendants())
        {
            var value = element.HasElements ? null : element.Value;
            switch (element.Name.LocalName)
            {
                case "Дата":
                    value.Should().MatchRegex(DateTimeForm);
                    break;
                case "Сумма" or "Цена" or "СуммаНДС":
                    value.Should().MatchRegex(@"^-?\d+\.\d{2}$");
                    break;
                case "ИНН":
                    InnIsValid(value!).Should().BeTrue($"ИНН {value} has valid check digits");
                    break;
                case "КПП":
                    value.Should().MatchRegex(@"^\d{4}[\dA-Z]{2}\d{3}$");
                    element.Parent!.Element(Body + LegalKind)!.Value.Should().Be(LegalEntity);
                    break;
                case LegalKind:
                    value.Should().BeOneOf(LegalEntity, "ФизическоеЛицо");
                    break;
                case "СтавкаНДС":
                    value.Should().MatchRegex(@"^(БезНДС|НДС\d+)$");
                    break;
            }
        }

        foreach (var receipt in body.Elements(Body + "Документ.ПоступлениеТоваровУслуг"))
        {
            var lines = receipt.Element(Body + "Услуги")!.Elements(Body + "Строка").ToList();
            lines.Should().NotBeEmpty();
            var total = lines.Sum(l => Sum(l.Element(Body + "Сумма")!));
            Sum(receipt.Element(Body + "Сумма")!).Should().Be(total);
            foreach (var line in lines)
            {
                var rate = line.Element(Body + "СтавкаНДС")!.Value;
                var vat = rate == "БезНДС" ? 0m : Math.Round(
                    Sum(line.Element(Body + "Сумма")!) * int.Parse(rate[3..]) / (100 + int.Parse(rate[3..])),
                    2,
                    MidpointRounding.AwayFromZero);
                Sum(line.Element(Body + "СуммаНДС")!).Should().Be(vat);
            }
        }

        return new EnterpriseDataMessage(root);
    }

    private const string DateTimeForm = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$";

    private static decimal Sum(XElement element) =>
        decimal.Parse(element.Value, System.Globalization.CultureInfo.InvariantCulture);

    // ИНН check digits (a legal entity's 10 digits, a person's 12): weighted sums modulo 11, then modulo 10.
    private static bool InnIsValid(string inn)
    {
        if (!inn.All(char.IsAsciiDigit) || inn.Length is not (10 or 12))
        {
            return false;
        }

        var d = inn.Select(c => c - '0').ToArray();
        int Check(int[] weights) => weights.Select((w, i) => w * d[i]).Sum() % 11 % 10;
        return inn.Length == 10
            ? Check([2, 4, 10, 3, 5, 9, 4, 6, 8]) == d[9]
            : Check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) == d[10] && Check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) == d[11];
    }
}
