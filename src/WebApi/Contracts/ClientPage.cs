using MakCrm.Application.Clients;
using MakCrm.Application.Common;

namespace MakCrm.WebApi.Contracts;

public sealed partial record ClientPage
{
    public static ClientPage From(Page<ClientDto> page) => new(page.Items.Select(Client.From).ToList(), page.NextCursor);
}
