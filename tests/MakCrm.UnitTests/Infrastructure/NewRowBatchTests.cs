using FluentAssertions;
using MakCrm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Xunit;

namespace MakCrm.UnitTests.Infrastructure;

/// <summary>
/// Which new rows a save writes in its batch ahead of EF Core, and in which order, on a model of its own that has each
/// case the rules name: principals and dependents, references within a table, two tables that refer to each other, a key
/// the database generates and a column with a database default. Only the change tracker is used; nothing connects.
/// </summary>
public sealed class NewRowBatchTests
{
    [Fact]
    public void New_rows_are_written_principals_first_whatever_order_they_were_added_in()
    {
        using var db = new ShapesContext();
        var parent = new Parent { Id = Guid.NewGuid(), Name = "p" };
        var child = new Child { Id = Guid.NewGuid(), ParentId = parent.Id };
        db.Add(child);
        db.Add(parent);

        Planned(db).Should().Equal(parent, child);
    }

    [Fact]
    public void A_row_that_refers_to_a_new_row_of_its_own_table_comes_after_it()
    {
        using var db = new ShapesContext();
        var parent = new Parent { Id = Guid.NewGuid(), Name = "p" };
        var first = new Child { Id = Guid.NewGuid(), ParentId = parent.Id };
        var second = new Child { Id = Guid.NewGuid(), ParentId = parent.Id, SiblingId = first.Id };
        db.AddRange(second, first, parent);

        Planned(db).Should().Equal(parent, first, second);
    }

    [Fact]
    public void Rows_that_refer_to_each_other_are_left_to_ef_core_with_the_rows_that_refer_to_them()
    {
        using var db = new ShapesContext();
        var parent = new Parent { Id = Guid.NewGuid(), Name = "p" };
        var one = new Child { Id = Guid.NewGuid(), ParentId = parent.Id };
        var other = new Child { Id = Guid.NewGuid(), ParentId = parent.Id, SiblingId = one.Id };
        one.SiblingId = other.Id;
        var third = new Child { Id = Guid.NewGuid(), ParentId = parent.Id, SiblingId = other.Id };
        db.AddRange(parent, one, other, third);

        Planned(db).Should().Equal(parent);
    }

    [Fact]
    public void A_table_with_a_changed_row_in_the_same_save_leaves_its_new_rows_and_their_dependents_to_ef_core()
    {
        using var db = new ShapesContext();
        var existing = new Parent { Id = Guid.NewGuid(), Name = "old" };
        db.Attach(existing);
        existing.Name = "renamed";
        var parent = new Parent { Id = Guid.NewGuid(), Name = "new" };
        var child = new Child { Id = Guid.NewGuid(), ParentId = parent.Id };
        var childOfExisting = new Child { Id = Guid.NewGuid(), ParentId = existing.Id };
        db.AddRange(parent, child, childOfExisting);

        Planned(db).Should().Equal(childOfExisting);
    }

    [Fact]
    public void Tables_that_refer_to_each_other_are_left_to_ef_core()
    {
        using var db = new ShapesContext();
        var left = new Left { Id = Guid.NewGuid() };
        var right = new Right { Id = Guid.NewGuid(), LeftId = left.Id };
        left.RightId = right.Id;
        db.AddRange(left, right);

        Planned(db).Should().BeEmpty();
    }

    [Fact]
    public void A_row_whose_key_the_database_generates_is_left_to_ef_core()
    {
        using var db = new ShapesContext();
        db.Add(new Counter { Label = "c" });

        Planned(db).Should().BeEmpty();
    }

    [Fact]
    public void A_column_with_a_database_default_is_written_only_with_a_value_of_its_own()
    {
        using var db = new ShapesContext();
        var withNote = new Defaulted { Id = Guid.NewGuid(), Note = "mine" };
        var withoutNote = new Defaulted { Id = Guid.NewGuid() };
        db.AddRange(withNote, withoutNote);

        Planned(db).Should().Equal(withNote);
    }

    private static List<object> Planned(DbContext db) =>
        NewRowBatch.Plan(db.ChangeTracker.Entries().ToList()).Select(e => e.Entity).ToList();

    private sealed class Parent
    {
        public Guid Id { get; set; }

        public string Name { get; set; } = "";
    }

    private sealed class Child
    {
        public Guid Id { get; set; }

        public Guid ParentId { get; set; }

        public Guid? SiblingId { get; set; }
    }

    private sealed class Left
    {
        public Guid Id { get; set; }

        public Guid? RightId { get; set; }
    }

    private sealed class Right
    {
        public Guid Id { get; set; }

        public Guid? LeftId { get; set; }
    }

    private sealed class Counter
    {
        public int Id { get; set; }

        public string Label { get; set; } = "";
    }

    private sealed class Defaulted
    {
        public Guid Id { get; set; }

        public string? Note { get; set; }
    }

    private sealed class ShapesContext : DbContext
    {
        protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseNpgsql("Host=127.0.0.1;Database=unused");

        protected override void OnModelCreating(ModelBuilder model)
        {
            model.Entity<Parent>().Property(p => p.Id).ValueGeneratedNever();
            model.Entity<Child>(child =>
            {
                child.Property(c => c.Id).ValueGeneratedNever();
                child.HasOne<Parent>().WithMany().HasForeignKey(c => c.ParentId);
                child.HasOne<Child>().WithMany().HasForeignKey(c => c.SiblingId);
            });
            model.Entity<Left>(left =>
            {
                left.Property(l => l.Id).ValueGeneratedNever();
                left.HasOne<Right>().WithMany().HasForeignKey(l => l.RightId);
            });
            model.Entity<Right>(right =>
            {
                right.Property(r => r.Id).ValueGeneratedNever();
                right.HasOne<Left>().WithMany().HasForeignKey(r => r.LeftId);
            });
            model.Entity<Counter>().Property(c => c.Id).UseIdentityAlwaysColumn();
            model.Entity<Defaulted>(defaulted =>
            {
                defaulted.Property(d => d.Id).ValueGeneratedNever();
                defaulted.Property(d => d.Note).HasDefaultValueSql("'none'");
            });
        }
    }
}
