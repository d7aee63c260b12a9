using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FactCheck.Data.Configurations;

sealed class DocumentSnapshotConfiguration : IEntityTypeConfiguration<DocumentSnapshot>
{
    public void Configure(EntityTypeBuilder<DocumentSnapshot> builder)
    {
        builder.ToTable("document_snapshots");
        builder.Property(s => s.ContentHash).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(s => new { s.DocumentId, s.ReplacedAt });
        builder.HasOne<Document>().WithMany().HasForeignKey(s => s.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}
