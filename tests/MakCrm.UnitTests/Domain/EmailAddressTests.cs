using MakCrm.Domain.Clients;

namespace MakCrm.UnitTests.Domain;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData(" Ivan.Ivanov@Example.RU ", "ivan.ivanov@example.ru")]
    [InlineData("a+tag@sub.domain.com", "a+tag@sub.domain.com")]
    [InlineData("иван@почта.рф", "иван@почта.рф")]
    public void Addresses_are_trimmed_and_lower_cased(string input, string expected)
    {
        EmailAddress.TryParse(input, out var email).Should().BeTrue();
        email.Value.Should().Be(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("@example.ru")]
    [InlineData("a@")]
    [InlineData("a@b")]
    [InlineData("a@b.")]
    [InlineData("a@.ru")]
    [InlineData("a@@b.ru")]
    [InlineData("a b@c.ru")]
    [InlineData("a@b.ru, c@d.ru")]
    [InlineData("\"quoted\"@b.ru")]
    public void Malformed_addresses_are_refused(string? input)
    {
        EmailAddress.TryParse(input, out _).Should().BeFalse();
    }

    [Fact]
    public void Addresses_longer_than_254_characters_are_refused()
    {
        EmailAddress.TryParse(new string('a', 245) + "@example.ru", out _).Should().BeFalse();
    }
}
