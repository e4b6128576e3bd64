using MakCrm.Domain.Clients;

namespace MakCrm.UnitTests.Domain;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("8 (999) 123-45-67", "+79991234567")]
    [InlineData("+7 999 1234567", "+79991234567")]
    [InlineData("+7(999)123-45-67", "+79991234567")]
    [InlineData("79991234567", "+79991234567")]
    [InlineData("89991234567", "+79991234567")]
    [InlineData("9991234567", "+79991234567")]
    [InlineData(" 8.999.123.45.67 ", "+79991234567")]
    [InlineData("8 812 123-45-67", "+78121234567")]
    [InlineData("8 727 123-45-67", "+77271234567")]
    [InlineData("+375 29 123-45-67", "+375291234567")]
    [InlineData("+49 30 1234567", "+49301234567")]
    public void Everyday_spellings_normalise_to_e164(string input, string expected)
    {
        PhoneNumber.TryParse(input, out var phone).Should().BeTrue();
        phone.Value.Should().Be(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("123")]
    [InlineData("999123456")]
    [InlineData("999123456789")]
    [InlineData("69991234567")]
    [InlineData("1234567890")]
    [InlineData("8 512 123-45-67")]
    [InlineData("+7 012 345-67-89")]
    [InlineData("+7 999 123 45 6")]
    [InlineData("+7 999 123 45 678")]
    [InlineData("+0 123 456 789")]
    [InlineData("+1234567")]
    [InlineData("+1234567890123456")]
    [InlineData("8 999 ABC-45-67")]
    [InlineData("8 999 123-45-67 доб. 12")]
    [InlineData("++79991234567")]
    public void Anything_else_is_not_a_phone(string? input)
    {
        PhoneNumber.TryParse(input, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("8 (999) 123", new[] { "8999123", "7999123" })]
    [InlineData("+7 999", new[] { "7999" })]
    [InlineData("123-45", new[] { "12345" })]
    [InlineData("12", new string[0])]
    [InlineData("Иванов 999", new string[0])]
    [InlineData("ivan@mail.ru", new string[0])]
    public void Search_fragments_cover_the_trunk_prefix(string text, string[] expected)
    {
        PhoneNumber.SearchFragments(text).Should().Equal(expected);
    }
}
