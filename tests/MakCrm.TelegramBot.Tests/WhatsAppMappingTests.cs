using MakCrm.TelegramBot.Conversations;
using MakCrm.TelegramBot.WhatsApp;

namespace MakCrm.TelegramBot.Tests;

/// <summary>How the flows' rows of buttons become WhatsApp messages within the Cloud API's documented limits.</summary>
public sealed class WhatsAppMappingTests
{
    private const string User = "79161234567";

    [Fact]
    public void Up_to_three_short_distinct_choices_are_reply_buttons_whatever_their_rows()
    {
        var message = Assert.Single(WhatsAppTransport.Messages(User, Text("Создать всё равно?", [["Всё равно создать"], ["Открыть лид", "Отмена"]])));

        message.Type.Should().Be("interactive");
        message.Interactive!.Type.Should().Be("button");
        message.Interactive.Body.Text.Should().Be("Создать всё равно?");
        message.Interactive.Action.Buttons!.Select(b => (b.Reply.Id, b.Reply.Title)).Should().Equal(("k0", "Всё равно создать"), ("k1", "Открыть лид"), ("k2", "Отмена"));
    }

    [Fact]
    public void More_choices_a_long_label_or_two_equal_labels_make_a_list_with_the_label_whole_in_the_description()
    {
        var four = Assert.Single(WhatsAppTransport.Messages(User, Text("Меню", [["Стать партнёром", "Стать франчайзи"], ["Подключить аккаунт"], ["FAQ"]])));
        four.Interactive!.Type.Should().Be("list");
        four.Interactive.Action.Button.Should().Be(Texts.ChooseButton).And.HaveLength(Texts.ChooseButton.Length).And.Match(b => b.Length <= 20);
        four.Interactive.Action.Sections!.Should().ContainSingle().Which.Rows.Select(r => r.Title)
            .Should().Equal("Стать партнёром", "Стать франчайзи", "Подключить аккаунт", "FAQ");

        var row = Assert.Single(WhatsAppTransport.Messages(User, Text("Проверьте лид", [["✅ Согласие получено, отправить"], ["Отмена"]])))
            .Interactive!.Action.Sections![0].Rows[0];
        row.Title.Length.Should().BeLessThanOrEqualTo(WhatsAppTransport.MaxRowTitle);
        row.Title.Should().StartWith("✅ Согласие").And.EndWith("…");
        row.Description.Should().Be("✅ Согласие получено, отправить");

        Assert.Single(WhatsAppTransport.Messages(User, Text("Лиды", [["Открыть лид"], ["Открыть лид"]]))).Interactive!.Type.Should().Be("list");
    }

    [Fact]
    public void More_than_ten_choices_are_several_lists_and_a_long_text_goes_before_its_buttons()
    {
        var twelve = WhatsAppTransport.Messages(User, Text("Частые вопросы:", Enumerable.Range(1, 12).Select(i => new[] { $"Вопрос {i}" }).ToArray()));
        twelve.Should().HaveCount(2);
        twelve[0].Interactive!.Body.Text.Should().Be("Частые вопросы:");
        twelve[0].Interactive!.Action.Sections![0].Rows.Should().HaveCount(WhatsAppTransport.MaxListRows);
        twelve[1].Interactive!.Body.Text.Should().Be(Texts.MoreChoices);
        twelve[1].Interactive!.Action.Sections![0].Rows.Select(r => r.Title).Should().Equal("Вопрос 11", "Вопрос 12");

        var article = new string('ж', 1500);
        var parts = WhatsAppTransport.Messages(User, Text(article, [["☰ Меню"]]));
        parts.Select(p => p.Type).Should().Equal("text", "interactive");
        parts[0].Text!.Body.Should().Be(article);
        parts[1].Interactive!.Body.Text.Should().Be(Texts.ChooseBelow);

        WhatsAppTransport.Messages(User, new OutgoingText(new string('я', 5000))).Single().Text!.Body.Should().HaveLength(WhatsAppTransport.MaxText).And.EndWith("…");
    }

    [Fact]
    public void A_cut_never_splits_an_emoji_and_a_template_parameter_has_no_line_breaks_or_runs_of_spaces()
    {
        var cut = WhatsAppTransport.Fit("Вопрос про 🏦🏦🏦 ипотеку", 14);
        cut.Length.Should().BeLessThanOrEqualTo(14);
        cut.Should().EndWith("…");
        char.IsHighSurrogate(cut[^2]).Should().BeFalse();

        WhatsAppOutgoing.TemplateParameter("Статус лида\nизменён\t  —     в работе").Should().Be("Статус лида изменён — в работе");
    }

    private static OutgoingText Text(string text, string[][] rows)
    {
        var key = 0;
        return new OutgoingText(text, rows.Select(row => (IReadOnlyList<TransportButton>)row.Select(label => new TransportButton(label, $"k{key++}")).ToList()).ToList());
    }
}
