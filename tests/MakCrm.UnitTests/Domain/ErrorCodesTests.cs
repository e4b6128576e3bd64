using System.Reflection;
using MakCrm.Domain.Common;

namespace MakCrm.UnitTests.Domain;

public sealed class ErrorCodesTests
{
    private static readonly IReadOnlyList<string> Declared = typeof(ErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    [Fact]
    public void The_catalogue_holds_every_declared_code_and_nothing_else()
    {
        Declared.Should().NotBeEmpty();
        ErrorCodes.Titles.Keys.Should().BeEquivalentTo(Declared);
    }

    [Fact]
    public void Every_code_has_a_title_of_its_own_words()
    {
        ErrorCodes.Titles.Where(t => string.IsNullOrWhiteSpace(t.Value) || !t.Value.EndsWith('.')).Should().BeEmpty();
    }

    [Fact]
    public void Codes_are_snake_case_and_distinct()
    {
        Declared.Should().OnlyHaveUniqueItems();
        Declared.Where(c => !System.Text.RegularExpressions.Regex.IsMatch(c, "^[a-z]+(_[a-z]+)*$")).Should().BeEmpty();
    }
}
