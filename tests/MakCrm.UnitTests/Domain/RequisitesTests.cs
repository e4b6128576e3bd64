using MakCrm.Domain.Organizations;

namespace MakCrm.UnitTests.Domain;

/// <summary>
/// The requisites' check digits, with real published numbers: the Bank of Russia's and Sberbank's ОГРН, Sberbank's
/// КПП, БИК and correspondent account, and an ОГРНИП of the registry's examples.
/// </summary>
public sealed class RequisitesTests
{
    [Theory]
    [InlineData("1027700132195", true)] // Sberbank
    [InlineData("1037700013020", true)] // the Bank of Russia
    [InlineData("1027700132196", false)]
    [InlineData("102770013219", false)]
    [InlineData("10277001321950", false)]
    [InlineData("102770013219A", false)]
    public void An_ogrn_is_13_digits_with_the_first_twelve_mod_11_mod_10_last(string ogrn, bool valid) =>
        Ogrn.IsValidOgrn(ogrn).Should().Be(valid);

    [Theory]
    [InlineData("304500116000157", true)]
    [InlineData("304500116000158", false)]
    [InlineData("304500100732252", true)]
    [InlineData("30450010073225", false)]
    [InlineData("1027700132195", false)]
    public void An_ogrnip_is_15_digits_with_the_first_fourteen_mod_13_mod_10_last(string ogrnip, bool valid) =>
        Ogrn.IsValidOgrnip(ogrnip).Should().Be(valid);

    [Fact]
    public void The_legal_form_decides_which_number_is_expected()
    {
        Ogrn.IsValid("1027700132195", LegalForm.Ooo).Should().BeTrue();
        Ogrn.IsValid("1027700132195", LegalForm.Ip).Should().BeFalse();
        Ogrn.IsValid("304500116000157", LegalForm.Ip).Should().BeTrue();
        Ogrn.IsValid("304500116000157", LegalForm.SelfEmployed).Should().BeFalse();
    }

    [Theory]
    [InlineData("773601001", true)] // Sberbank
    [InlineData("7736AB001", true)]
    [InlineData("77360100", false)]
    [InlineData("7736ab001", false)]
    [InlineData("A73601001", false)]
    public void A_kpp_is_four_digits_two_digits_or_capitals_and_three_digits(string kpp, bool valid) =>
        Kpp.IsValid(kpp).Should().Be(valid);

    [Theory]
    [InlineData("044525225", true)] // Sberbank, Moscow
    [InlineData("044030653", true)] // Sberbank, Saint Petersburg
    [InlineData("144525225", false)]
    [InlineData("04452522", false)]
    public void A_bik_is_9_digits_starting_with_04(string bik, bool valid) => Bik.IsValid(bik).Should().Be(valid);

    [Theory]
    [InlineData("30101810400000000225", "044525225", true)] // Sberbank, Moscow
    [InlineData("30101810500000000653", "044030653", true)] // Sberbank, Saint Petersburg
    [InlineData("30101810400000000226", "044525225", false)]
    [InlineData("30101810400000000225", "044030653", false)]
    public void A_correspondent_account_is_keyed_with_0_and_the_biks_fifth_and_sixth_digits(
        string account,
        string bik,
        bool valid
    ) => BankAccount.IsValidCorrespondent(account, bik).Should().Be(valid);

    [Theory]
    [InlineData("40702810400000000225", "044525225", true)]
    [InlineData("40702810138250123017", "044525225", true)]
    [InlineData("40702810400000000226", "044525225", false)]
    [InlineData("4070281040000000022", "044525225", false)]
    public void A_settlement_account_is_keyed_with_the_biks_last_three_digits(string account, string bik, bool valid) =>
        BankAccount.IsValidSettlement(account, bik).Should().Be(valid);

    [Theory]
    [InlineData(" Alpha.Cabinet.Example. ", "alpha.cabinet.example")]
    [InlineData("кабинет.рф", "xn--80acmlhv0b.xn--p1ai")]
    public void A_host_is_stored_lower_case_in_punycode(string input, string expected)
    {
        HostName.TryNormalize(input, out var host).Should().BeTrue();
        host.Should().Be(expected);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("https://alpha.example")]
    [InlineData("alpha.example:8080")]
    [InlineData("alpha..example")]
    [InlineData("-alpha.example")]
    [InlineData("10.0.0.1")]
    [InlineData("")]
    public void A_host_that_is_no_host_name_is_refused(string input) =>
        HostName.TryNormalize(input, out _).Should().BeFalse();
}
