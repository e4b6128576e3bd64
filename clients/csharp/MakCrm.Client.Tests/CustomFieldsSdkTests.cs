using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>Custom field definitions through the SDK, against the real API on a loopback port.</summary>
public sealed class CustomFieldsSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task A_select_field_is_defined_listed_changed_and_deleted()
    {
        var created = await Api.CreateCustomFieldDefinitionAsync(new CreateCustomFieldDefinitionRequest
        {
            Entity = CustomFieldEntity.Lead,
            Key = "loan_purpose",
            Label = "Цель кредита",
            Type = CustomFieldType.Select,
            Options = ["Покупка жилья", "Рефинансирование"],
            Required = true,
        });

        created.StatusCode.Should().Be(201);
        created.ETag.Should().Be("\"1\"");
        created.Result.Options.Should().Equal("Покупка жилья", "Рефинансирование");
        (await Api.ListCustomFieldDefinitionsAsync(entity: CustomFieldEntity.Lead)).Result.Items.Select(f => f.Key)
            .Should().Equal("loan_purpose");

        var archived = await Api.UpdateCustomFieldDefinitionAsync(created.Result.Id, created.ETag!,
            new UpdateCustomFieldDefinitionRequest { Archived = true });
        archived.Result.Archived.Should().BeTrue();
        await Expect.ProblemAsync(() => Api.CreateCustomFieldDefinitionAsync(new CreateCustomFieldDefinitionRequest
        {
            Entity = CustomFieldEntity.Lead, Key = "loan_purpose", Label = "Ещё раз", Type = CustomFieldType.Text,
        }), 409, "custom_field_exists");

        (await Api.DeleteCustomFieldDefinitionAsync(created.Result.Id, archived.ETag)).StatusCode.Should().Be(204);
        await Expect.ProblemAsync(() => Api.GetCustomFieldDefinitionAsync(created.Result.Id), 404, "not_found");
    }

    [Fact]
    public async Task Values_are_written_merged_filtered_and_refused_for_an_unknown_key()
    {
        await Api.CreateCustomFieldDefinitionAsync(new CreateCustomFieldDefinitionRequest
        {
            Entity = CustomFieldEntity.Lead, Key = "purpose", Label = "Цель", Type = CustomFieldType.Select,
            Options = ["home", "car"],
        });
        await Api.CreateCustomFieldDefinitionAsync(new CreateCustomFieldDefinitionRequest
        {
            Entity = CustomFieldEntity.Lead, Key = "income", Label = "Доход", Type = CustomFieldType.Money,
        });
        var client = (await Api.CreateClientAsync(new CreateClientRequest
        {
            FullName = "Полев Павел", Phone = "+79990009911", Source = "partner",
        })).Result;

        var lead = await Api.CreateLeadAsync(new CreateLeadRequest
        {
            ClientId = client.Id, RequestedAmount = 1_000_000m, Product = LoanProduct.Mortgage,
            CustomFields = new CustomFieldValues
            {
                AdditionalProperties = { ["purpose"] = "home", ["income"] = 95000.5m },
            },
        });
        lead.Result.CustomFields.AdditionalProperties["purpose"].ToString().Should().Be("home");

        var patched = await Api.UpdateLeadAsync(lead.Result.Id, lead.ETag!, new UpdateLeadRequest
        {
            CustomFields = new CustomFieldValues { AdditionalProperties = { ["purpose"] = "car" } },
        });
        patched.Result.CustomFields.AdditionalProperties.Keys.Should().BeEquivalentTo("purpose", "income");
        patched.Result.CustomFields.AdditionalProperties["purpose"].ToString().Should().Be("car");
        (await Api.ListLeadsAsync(cf: ["purpose:car", "income:95000.5"])).Result.Items.Select(l => l.Id).Should()
            .Equal(lead.Result.Id);
        (await Api.ListLeadsAsync(cf: ["purpose:home"])).Result.Items.Should().BeEmpty();

        await Expect.ProblemAsync(() => Api.UpdateLeadAsync(lead.Result.Id, patched.ETag!, new UpdateLeadRequest
        {
            CustomFields = new CustomFieldValues { AdditionalProperties = { ["colour"] = "red" } },
        }), 400, "custom_field_unknown");
        await Expect.ProblemAsync(() => Api.ListLeadsAsync(cf: ["purpose:boat"]), 400, "validation_failed");
    }

    [Fact]
    public async Task A_sortable_field_sorts_and_bounds_the_deal_list_through_its_cursor()
    {
        var field = await Api.CreateCustomFieldDefinitionAsync(new CreateCustomFieldDefinitionRequest
        {
            Entity = CustomFieldEntity.Deal, Key = "signed_on", Label = "Подписан", Type = CustomFieldType.Date,
            Sortable = true,
        });
        field.Result.Sortable.Should().BeTrue();
        var client = (await Api.CreateClientAsync(new CreateClientRequest
        {
            FullName = "Датов Дмитрий", Phone = "+79990009912", Source = "partner",
        })).Result;
        var ids = new List<Guid>();
        foreach (var day in new[] { "2026-03-01", "2026-01-10", "2026-02-15" })
        {
            ids.Add((await Api.CreateDealAsync(new CreateDealRequest
            {
                ClientId = client.Id, Title = "Ипотека", Amount = 100_000m, Product = LoanProduct.Mortgage,
                CustomFields = new CustomFieldValues { AdditionalProperties = { ["signed_on"] = day } },
            })).Result.Id);
        }

        var first = await Api.ListDealsAsync(cfSort: "signed_on", cf: ["signed_on>=2026-02-01"], limit: 1);
        first.Result.Items.Select(d => d.Id).Should().Equal(ids[2]);
        var next = await Api.ListDealsAsync(cfSort: "signed_on", cf: ["signed_on>=2026-02-01"], limit: 1,
            cursor: first.Result.NextCursor);
        next.Result.Items.Select(d => d.Id).Should().Equal(ids[0]);
        (await Api.ListDealsAsync(cfSort: "-signed_on")).Result.Items.Select(d => d.Id).Should()
            .Equal(ids[0], ids[2], ids[1]);

        await Expect.ProblemAsync(() => Api.CreateCustomFieldDefinitionAsync(new CreateCustomFieldDefinitionRequest
        {
            Entity = CustomFieldEntity.Deal, Key = "docs", Label = "Документы", Type = CustomFieldType.Multiselect,
            Options = ["a"], Sortable = true,
        }), 400, "validation_failed");
        await Expect.ProblemAsync(() => Api.ListDealsAsync(cf: ["signed_on>=soon"]), 400, "validation_failed");
    }
}
