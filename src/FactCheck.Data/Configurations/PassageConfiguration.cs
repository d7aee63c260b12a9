using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FactCheck.Data.Configurations;

sealed class PassageConfiguration : IEntityTypeConfiguration<Passage>
{
    public void Configure(EntityTypeBuilder<Passage> builder)
    {
        builder.ToTable("passages");
        builder.HasIndex(p => new { p.DocumentId, p.Ordinal }).IsUnique();
        builder.HasGeneratedTsVectorColumn(p => p.SearchVector, "english", p => new { p.Text })
            .HasIndex(p => p.SearchVector).HasMethod("GIN");
    }
}
