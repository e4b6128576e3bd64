using MakCrm.Domain.Documents;

namespace MakCrm.UnitTests.Domain;

public sealed class AmountInWordsTests
{
    [Theory]
    [InlineData("0", "Ноль рублей 00 копеек")]
    [InlineData("0.01", "Ноль рублей 01 копейка")]
    [InlineData("1", "Один рубль 00 копеек")]
    [InlineData("2", "Два рубля 00 копеек")]
    [InlineData("5", "Пять рублей 00 копеек")]
    [InlineData("11", "Одиннадцать рублей 00 копеек")]
    [InlineData("14.02", "Четырнадцать рублей 02 копейки")]
    [InlineData("21.21", "Двадцать один рубль 21 копейка")]
    [InlineData("22.5", "Двадцать два рубля 50 копеек")]
    [InlineData("101", "Сто один рубль 00 копеек")]
    [InlineData("111", "Сто одиннадцать рублей 00 копеек")]
    [InlineData("1000", "Одна тысяча рублей 00 копеек")]
    [InlineData("1021.05", "Одна тысяча двадцать один рубль 05 копеек")]
    [InlineData("2000", "Две тысячи рублей 00 копеек")]
    [InlineData("5000", "Пять тысяч рублей 00 копеек")]
    [InlineData("11000", "Одиннадцать тысяч рублей 00 копеек")]
    [InlineData("21000", "Двадцать одна тысяча рублей 00 копеек")]
    [InlineData("45000", "Сорок пять тысяч рублей 00 копеек")]
    [InlineData("122334.99", "Сто двадцать две тысячи триста тридцать четыре рубля 99 копеек")]
    [InlineData("1000000", "Один миллион рублей 00 копеек")]
    [InlineData("2001001", "Два миллиона одна тысяча один рубль 00 копеек")]
    [InlineData("5000000000", "Пять миллиардов рублей 00 копеек")]
    [InlineData("0.005", "Ноль рублей 01 копейка")]
    [InlineData("-3", "Минус три рубля 00 копеек")]
    public void Writes_roubles_in_words_with_the_right_plural_and_gender(string amount, string expected) =>
        AmountInWords.Rubles(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)).Should().Be(expected);

    [Theory]
    [InlineData(1, "рубль")]
    [InlineData(3, "рубля")]
    [InlineData(12, "рублей")]
    [InlineData(112, "рублей")]
    [InlineData(1001, "рубль")]
    [InlineData(1024, "рубля")]
    public void Chooses_the_plural_form(long number, string expected) =>
        AmountInWords.Plural(number, "рубль", "рубля", "рублей").Should().Be(expected);
}
