using System.Globalization;

namespace MakCrm.Bench;

/// <summary>The contact a lead is submitted for; <see cref="Index"/> numbers the distinct contacts of a run from 0.</summary>
internal sealed record Contact(int Index, string FullName, string Phone, string? Email, string City);

/// <summary>One lead to create: its contact (a new one, or an earlier one when <see cref="IsRepeat"/>) and its details.</summary>
internal sealed record LeadPayload(Contact Contact, bool IsRepeat, decimal RequestedAmount, string Product, string? Comment);

/// <summary>
/// The deterministic stream of lead payloads both sides get, in the same order: mostly new contacts (unique phones,
/// half of them with an e-mail), and a fraction repeating the contact of an earlier payload, so that the duplicate
/// path (the lookup that finds an open lead, the notification) runs too. Thread-safe; <see cref="Next"/> is cheap.
/// </summary>
internal sealed class LeadPayloads(int seed, double duplicateFraction)
{
    private static readonly string[] Surnames = ["Иванов", "Смирнова", "Кузнецов", "Попова", "Васильев", "Петрова", "Соколов", "Михайлова", "Новиков", "Фёдорова"];
    private static readonly string[] Names = ["Алексей", "Мария", "Дмитрий", "Анна", "Сергей", "Елена", "Андрей", "Ольга", "Игорь", "Наталья"];
    private static readonly string[] Cities = ["Москва", "Санкт-Петербург", "Казань", "Новосибирск", "Екатеринбург", "Самара"];
    private static readonly string[] Products = ["mortgage", "consumer", "auto", "business", "refinancing"];

    private readonly Lock _lock = new();
    private readonly Random _random = new(seed);
    private readonly List<Contact> _contacts = [];

    public int ContactsIssued
    {
        get
        {
            lock (_lock)
            {
                return _contacts.Count;
            }
        }
    }

    public LeadPayload Next()
    {
        lock (_lock)
        {
            var repeat = _contacts.Count > 0 && _random.NextDouble() < duplicateFraction;
            Contact contact;
            if (repeat)
            {
                contact = _contacts[_random.Next(_contacts.Count)];
            }
            else
            {
                contact = NewContact(_contacts.Count, _random.Next(2) == 0);
                _contacts.Add(contact);
            }

            var amount = _random.Next(50, 5000) * 1000m;
            var comment = _random.Next(3) == 0 ? null : $"Заявка с сайта, перезвонить после {_random.Next(9, 19)}:00";
            return new LeadPayload(contact, repeat, amount, Products[_random.Next(Products.Length)], comment);
        }
    }

    /// <summary>The contact with this index: a phone unique to it (a bijection of the index onto 9 digits), in the everyday spellings the API accepts.</summary>
    public static Contact NewContact(int index, bool withEmail)
    {
        var digits = ((index * 387_420_489L) + 123_456_789L) % 1_000_000_000L; // 3^18 is coprime to 10^9
        var d = digits.ToString("D9", CultureInfo.InvariantCulture);
        var phone = (index % 4) switch
        {
            0 => $"+7 9{d[..2]} {d[2..5]}-{d[5..7]}-{d[7..]}",
            1 => $"8 (9{d[..2]}) {d[2..5]}-{d[5..7]}-{d[7..]}",
            2 => $"+79{d}",
            _ => $"9{d}",
        };
        // Surnames and names alternate masculine and feminine, so index parity picks matching ones.
        var name = $"{Surnames[index % Surnames.Length]} {Names[((index / Surnames.Length) % (Names.Length / 2) * 2) + (index % 2)]}";
        var email = withEmail ? $"client.{index}@example.ru" : null;
        return new Contact(index, name, phone, email, Cities[index % Cities.Length]);
    }
}
