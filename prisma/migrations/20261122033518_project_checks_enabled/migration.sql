-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "checksEnabled" BOOLEAN NOT NULL DEFAULT false;
