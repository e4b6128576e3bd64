using MakCrm.Domain.Organizations;

namespace MakCrm.UnitTests.Domain;

public sealed class InnTests
{
    [Theory]
    [InlineData("7707083893", LegalForm.Ooo)]
    [InlineData("500100732259", LegalForm.Ip)]
    [InlineData("771234567859", LegalForm.SelfEmployed)]
    public void Valid_numbers_pass(string inn, LegalForm form) => Inn.IsValid(inn, form).Should().BeTrue();

    [Theory]
    [InlineData("7707083894", LegalForm.Ooo)]
    [InlineData("500100732259", LegalForm.Ooo)]
    [InlineData("7707083893", LegalForm.Ip)]
    [InlineData("500100732258", LegalForm.Ip)]
    [InlineData("50010073225X", LegalForm.Ip)]
    [InlineData("", LegalForm.Ooo)]
    [InlineData(null, LegalForm.Ooo)]
    public void Typos_and_the_wrong_length_for_the_legal_form_fail(string? inn, LegalForm form) => Inn.IsValid(inn, form).Should().BeFalse();
}
