using MakCrm.Domain.Help;
using MakCrm.Domain.Organizations;

namespace MakCrm.UnitTests.Domain;

public sealed class HelpChatLinkTests
{
    [Theory]
    [InlineData("https://t.me/mak_help", HelpChatChannel.Telegram)]
    [InlineData("https://T.ME/mak_help", HelpChatChannel.Telegram)]
    [InlineData("https://chat.whatsapp.com/AbCdEf", HelpChatChannel.Whatsapp)]
    [InlineData("https://wa.me/79990001122", HelpChatChannel.Whatsapp)]
    [InlineData("https://vk.me/mak", HelpChatChannel.Vk)]
    public void A_messengers_https_link_is_allowed_and_names_its_channel(string url, HelpChatChannel channel)
    {
        var link = HelpChatLink.Create(Guid.CreateVersion7(), new HelpChatLinkDetails("Чат", url, 0, [OrganizationKind.Partner]), DateTimeOffset.UtcNow);
        link.IsSuccess.Should().BeTrue();
        link.Value.Channel.Should().Be(channel);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("http://t.me/mak")]
    [InlineData("https://t.me.evil.example/mak")]
    [InlineData("https://evil.example/t.me")]
    [InlineData("https://user:pass@t.me/mak")]
    [InlineData("https://t.me:444/mak")]
    [InlineData("//t.me/mak")]
    public void Anything_else_is_refused(string url)
    {
        var link = HelpChatLink.Create(Guid.CreateVersion7(), new HelpChatLinkDetails("Чат", url, 0, [OrganizationKind.Partner]), DateTimeOffset.UtcNow);
        link.IsSuccess.Should().BeFalse();
        link.Error!.FieldErrors!.Should().ContainKey("url");
    }

    [Fact]
    public void An_update_that_changes_nothing_keeps_the_version()
    {
        var link = HelpChatLink.Create(Guid.CreateVersion7(), new HelpChatLinkDetails("Чат", "https://t.me/mak", 0, [OrganizationKind.Franchisee, OrganizationKind.Partner]), DateTimeOffset.UtcNow).Value;
        link.Update(new HelpChatLinkDetails("Чат", "https://t.me/mak", 0, [OrganizationKind.Partner, OrganizationKind.Franchisee]), DateTimeOffset.UtcNow);
        link.Version.Should().Be(1);
        link.Update(new HelpChatLinkDetails("Чат", "https://t.me/mak", 3, [OrganizationKind.Partner]), DateTimeOffset.UtcNow);
        link.Version.Should().Be(2);
        link.IsFor(OrganizationKind.Franchisee).Should().BeFalse();
    }
}
