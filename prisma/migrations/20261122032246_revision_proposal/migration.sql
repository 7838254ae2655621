-- AlterTable
ALTER TABLE "Revision" ADD COLUMN     "proposalId" TEXT;

-- AddForeignKey
ALTER TABLE "Revision" ADD CONSTRAINT "Revision_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE SET NULL ON UPDATE CASCADE;
