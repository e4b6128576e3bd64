using System.Globalization;
using System.Text;
using MakCrm.Application.Documents.Generation;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Settlements;

/// <summary>One payment order of a <see cref="ClientBankExchange"/> file: who pays whom, how much and what
/// for.</summary>
public sealed record PaymentOrder(
    string Number,
    DateOnly Date,
    decimal Amount,
    OrganizationProfile Payer,
    OrganizationProfile Payee,
    string Purpose
);

/// <summary>
/// 1С's exchange format with a bank client, <c>1CClientBankExchange</c> version 1.03
/// (v8.1c.ru/edi/edi_stnd/100/101): a text file of <c>key=value</c> lines in Windows-1251
/// (<c>Кодировка=Windows</c>) with CRLF ends, a header naming the format, the sender, the interval
/// and the payer's account, then one <c>СекцияДокумент=Платежное поручение</c> …
/// <c>КонецДокумента</c> section per order, and <c>КонецФайла</c>. Dates are
/// <c>dd.MM.yyyy</c>, times <c>HH:mm:ss</c>, sums roubles with a dot and two decimals. Orders are
/// ordinary payments: <c>ВидОплаты=01</c>, <c>Очередность=5</c>.
/// </summary>
public static class ClientBankExchange
{
    public const string Version = "1.03";
    public const string Sender = "МаК CRM";
    public const string PaymentOrderKind = "Платежное поручение";

    /// <summary>The name 1С gives a file it hands to the bank client.</summary>
    public const string FileName = "1c_to_kl.txt";

    public const string ContentType = "text/plain; charset=windows-1251";

    /// <summary>Windows-1251, the encoding the header declares (<c>Кодировка=Windows</c>).</summary>
    public static Encoding FileEncoding { get; } = CodePagesEncoding(1251);

    public static byte[] Write(
        IReadOnlyList<PaymentOrder> orders,
        OrganizationProfile payer,
        DateOnly from,
        DateOnly to,
        DateTimeOffset createdAt
    )
    {
        var text = new StringBuilder();
        void Line(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                text.Append(key).Append('=').Append(OneLine(value)).Append("\r\n");
            }
        }

        var local = DocumentDates.InBooks(createdAt);
        text.Append("1CClientBankExchange\r\n");
        Line("ВерсияФормата", Version);
        Line("Кодировка", "Windows");
        Line("Отправитель", Sender);
        Line("ДатаСоздания", Day(DateOnly.FromDateTime(local.DateTime)));
        Line("ВремяСоздания", local.ToString("HH:mm:ss", CultureInfo.InvariantCulture));
        Line("ДатаНачала", Day(from));
        Line("ДатаКонца", Day(to));
        Line("РасчСчет", payer.SettlementAccount);
        Line("Документ", PaymentOrderKind);
        foreach (var order in orders)
        {
            Line("СекцияДокумент", PaymentOrderKind);
            Line("Номер", order.Number);
            Line("Дата", Day(order.Date));
            Line("Сумма", order.Amount.ToString("0.00", CultureInfo.InvariantCulture));
            Party("Плательщик", order.Payer, Line);
            Party("Получатель", order.Payee, Line);
            Line("ВидОплаты", "01");
            Line("Очередность", "5");
            Line("НазначениеПлатежа", order.Purpose);
            text.Append("КонецДокумента\r\n");
        }

        text.Append("КонецФайла\r\n");
        return FileEncoding.GetBytes(text.ToString());
    }

    private static void Party(string side, OrganizationProfile party, Action<string, string?> line)
    {
        var name = party.LegalName ?? party.Name;
        line($"{side}Счет", party.SettlementAccount);
        line(side, $"ИНН {party.Inn} {name}");
        line($"{side}ИНН", party.Inn);
        line($"{side}1", name);
        line($"{side}РасчСчет", party.SettlementAccount);
        line($"{side}Банк1", party.BankName);
        line($"{side}БИК", party.Bik);
        line($"{side}Корсчет", party.CorrespondentAccount);
        line($"{side}КПП", party.Kpp);
    }

    private static string Day(DateOnly day) => day.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    // A value is one line: a line break inside it would start a key of its own.
    private static string OneLine(string value) => TextNormalizer.Collapse(value.Replace('\r', ' ').Replace('\n', ' '));

    private static Encoding CodePagesEncoding(int codePage)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(codePage);
    }
}
