using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using MakCrm.Application.Documents.Generation;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Settlements;

/// <summary>One act of an <see cref="EnterpriseData"/> message: the act, the partner it is with, and the VAT the
/// act includes at <see cref="VatRatePercent"/> (none: «Без НДС»).</summary>
public sealed record EnterpriseDataAct(
    Contracts.SettlementAct Act,
    OrganizationProfile Partner,
    decimal VatRatePercent,
    decimal? Vat
)
{
    /// <summary>The partner's organization: the act's.</summary>
    public Guid PartnerId => Act.OrganizationId;
}

/// <summary>
/// 1С's universal exchange format EnterpriseData, version 1.8 (namespace
/// <c>http://v8.1c.ru/edi/edi_stnd/EnterpriseData/1.8</c>): a UTF-8 XML <c>Message</c> whose
/// <c>msg:Header</c> names the format, the exchange plan, the sender and the recipient, and whose
/// <c>Body</c> holds head office (<c>Справочник.Организации</c>), the service the acts
/// are for (<c>Справочник.Номенклатура</c>), each partner
/// (<c>Справочник.Контрагенты</c>) and its agency contract
/// (<c>Справочник.Договоры</c>), then one
/// <c>Документ.ПоступлениеТоваровУслуг</c> per act: head office receives the partner's
/// services. Every <c>Ссылка</c> is a MaK id (the contract's and the service's are derived
/// from fixed names, so they are stable too), which makes loading the same act again an update
/// in 1С. Dates are <c>xs:dateTime</c> without a zone (head office's calendar), sums roubles
/// with a dot and two decimals.
/// </summary>
public static class EnterpriseData
{
    public const string Version = "1.8";
    public const string FormatNamespace = "http://v8.1c.ru/edi/edi_stnd/EnterpriseData/" + Version;
    public const string MessageNamespace = "http://www.1c.ru/SSL/Exchange/Message";
    public const string ExchangePlan = Synchronisation + "ЧерезУниверсальныйФормат";

    /// <summary>The sender's code in the header: MaK CRM.</summary>
    public const string Sender = "МаК";

    /// <summary>The recipient's code in the header: 1С:Бухгалтерия предприятия.</summary>
    public const string Recipient = "БП";

    public const string ContentType = "application/xml; charset=utf-8";

    /// <summary>The one service every act is for, as 1С's nomenclature names it.</summary>
    public const string ServiceName = "Агентское вознаграждение";

    private const string Synchronisation = "СинхронизацияДанных";
    private const string Keys = "КлючевыеСвойства";
    private const string LegalEntity = "ЮридическоеЛицо";
    private const string NaturalPerson = "ФизическоеЛицо";
    private const string LegalKind = "ЮридическоеФизическоеЛицо";
    private const string Comment = "Комментарий";

    private static readonly XNamespace Ed = FormatNamespace;
    private static readonly XNamespace Msg = MessageNamespace;
    private static readonly Guid ServiceId = NameBased(Guid.Empty, ServiceName);

    /// <summary>The agency contract head office has with a partner: one per partner, its id derived from the
    /// partner's.</summary>
    public static Guid ContractOf(Guid partnerId) => NameBased(partnerId, "agency-contract");

    public static byte[] Write(
        IReadOnlyList<EnterpriseDataAct> acts,
        Guid headOfficeId,
        OrganizationProfile headOffice,
        DateTimeOffset createdAt
    )
    {
        var organization = Party(headOfficeId, headOffice);
        var partners = acts.DistinctBy(a => a.PartnerId).ToList();
        var body = new XElement(
            Ed + "Body",
            new XElement(Ed + "Справочник.Организации", new XElement(Ed + Keys, organization)),
            new XElement(
                Ed + "Справочник.Номенклатура",
                new XElement(Ed + Keys, Service()),
                Element("ВидНоменклатуры", "Услуга")
            ),
            partners.Select(p => Counterparty(p.PartnerId, p.Partner)),
            partners.Select(p => new XElement(
                Ed + "Справочник.Договоры",
                new XElement(Ed + Keys, Contract(p.PartnerId, p.Partner, organization))
            )),
            acts.Select(a => Receipt(a, organization))
        );
        var message = new XDocument(
            new XDeclaration("1.0", "UTF-8", null),
            new XElement(
                "Message",
                new XAttribute(XNamespace.Xmlns + "msg", MessageNamespace),
                new XAttribute(XNamespace.Xmlns + "xs", "http://www.w3.org/2001/XMLSchema"),
                new XAttribute(XNamespace.Xmlns + "xsi", "http://www.w3.org/2001/XMLSchema-instance"),
                new XElement(
                    Msg + "Header",
                    new XElement(Msg + "Format", FormatNamespace),
                    new XElement(Msg + "CreationDate", Timestamp(DocumentDates.InBooks(createdAt).DateTime)),
                    new XElement(
                        Msg + "Confirmation",
                        new XElement(Msg + "ExchangePlan", ExchangePlan),
                        new XElement(Msg + "To", Recipient),
                        new XElement(Msg + "From", Sender),
                        new XElement(Msg + "MessageNo", 1),
                        new XElement(Msg + "ReceivedNo", 0)
                    ),
                    new XElement(Msg + "AvailableVersion", Version)
                ),
                body
            )
        );
        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true };
        using (var writer = XmlWriter.Create(stream, settings))
        {
            message.Save(writer);
        }

        return stream.ToArray();
    }

    // An act of the partner's services received by head office: one line of the service for the act's total.
    private static XElement Receipt(EnterpriseDataAct item, object?[] organization)
    {
        var (act, partner) = (item.Act, item.Partner);
        var period = $"за период с {Day(act.PeriodFrom)} по {Day(act.PeriodTo)}";
        return new XElement(
            Ed + "Документ.ПоступлениеТоваровУслуг",
            new XElement(
                Ed + Keys,
                Element("Ссылка", act.Id),
                Element("Дата", Timestamp(act.IssuedOn!.Value.ToDateTime(TimeOnly.MinValue))),
                Element("Номер", act.Number),
                new XElement(Ed + "Организация", organization)
            ),
            Element("ВидОперации", "ЗакупкаУПоставщика"),
            Currency("Валюта"),
            Element("Сумма", Sum(act.Total)),
            Element("СуммаВключаетНДС", "true"),
            new XElement(Ed + "Контрагент", Party(item.PartnerId, partner)),
            new XElement(
                Ed + "ДанныеВзаиморасчетов",
                new XElement(Ed + "Договор", Contract(item.PartnerId, partner, organization)),
                Currency("ВалютаВзаиморасчетов"),
                Element("КурсВзаиморасчетов", 1),
                Element("КратностьВзаиморасчетов", 1),
                Element("РасчетыВУсловныхЕдиницах", "false")
            ),
            new XElement(
                Ed + "Услуги",
                new XElement(
                    Ed + "Строка",
                    new XElement(Ed + "Номенклатура", Service()),
                    Element("Количество", 1),
                    Element("Сумма", Sum(act.Total)),
                    Element("Цена", Sum(act.Total)),
                    Element("СтавкаНДС", item.Vat is null ? "БезНДС" : VatRateName(item.VatRatePercent)),
                    Element("СуммаНДС", Sum(item.Vat ?? 0)),
                    Element("Содержание", $"{ServiceName} по акту № {act.Number} {period}")
                )
            ),
            Element(Comment, $"МаК CRM: акт № {act.Number}, {KindOf(partner)}")
        );
    }

    // A counterparty or an organization by its key properties: a legal entity has a КПП, an ИП or a self-employed
    // person is a natural person with a 12-digit ИНН.
    private static object?[] Party(Guid id, OrganizationProfile party) =>
        [
            Element("Ссылка", id),
            Element("Наименование", party.Name),
            Element("НаименованиеПолное", party.LegalName ?? party.Name),
            Element("ИНН", party.Inn),
            Element("КПП", IsLegalEntity(party) ? party.Kpp : null),
            Element(LegalKind, IsLegalEntity(party) ? LegalEntity : NaturalPerson),
        ];

    private static XElement Counterparty(Guid id, OrganizationProfile partner) =>
        new(
            Ed + "Справочник.Контрагенты",
            new XElement(Ed + Keys, Party(id, partner)),
            Element(Comment, KindOf(partner))
        );

    private static object?[] Contract(Guid partnerId, OrganizationProfile partner, object?[] organization) =>
        [
            Element("Ссылка", ContractOf(partnerId)),
            Element("ВидДоговора", "СПоставщиком"),
            new XElement(Ed + "Организация", organization),
            new XElement(Ed + "Контрагент", Party(partnerId, partner)),
            Currency("ВалютаВзаиморасчетов"),
            Element("РасчетыВУсловныхЕдиницах", "false"),
            Element("Наименование", "Агентский договор"),
        ];

    private static object?[] Service() =>
        [
            Element("Ссылка", ServiceId),
            Element("Наименование", ServiceName),
            Element("НаименованиеПолное", ServiceName),
        ];

    private static XElement Currency(string name) =>
        new(Ed + name, Element("Код", "643"), Element("Наименование", "руб."));

    private static bool IsLegalEntity(OrganizationProfile party) =>
        party.LegalForm is LegalForm.Ooo || party.LegalForm is null && party.Inn?.Length == 10;

    private static string KindOf(OrganizationProfile partner) =>
        partner.LegalForm switch
        {
            LegalForm.Ip => "индивидуальный предприниматель",
            LegalForm.SelfEmployed => "самозанятый (НПД)",
            _ => "юридическое лицо",
        };

    // A VAT rate as 1С's enumeration of rates names it: 22 % is «НДС22».
    private static string VatRateName(decimal percent) =>
        "НДС" + percent.ToString("0.##", CultureInfo.InvariantCulture).Replace('.', '_');

    // An element only when it has a value: EnterpriseData leaves out what is not known.
    private static XElement? Element(string name, object? value) =>
        value is null || value is string text && string.IsNullOrWhiteSpace(text)
            ? null
            : new XElement(Ed + name, value);

    private static string Timestamp(DateTime at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    private static string Sum(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    // A name-based UUID (RFC 9562 version 5, SHA-1) of a name within a namespace id: the same name gives the same id.
    private static Guid NameBased(Guid space, string name)
    {
        var bytes = space.ToByteArray(bigEndian: true).Concat(Encoding.UTF8.GetBytes(name)).ToArray();
        var hash = SHA1.HashData(bytes).AsSpan(0, 16).ToArray();
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash, bigEndian: true);
    }
}
