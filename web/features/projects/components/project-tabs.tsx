"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { label: "Plan of record", path: "" },
  { label: "Proposals", path: "/proposals" },
  { label: "Data", path: "/data" },
  { label: "History", path: "/history" },
  { label: "Ledger", path: "/ledger" },
  { label: "Members", path: "/members" },
  { label: "Audit log", path: "/audit" },
];

/** `auditLog`: whether the caller may read the audit log (the tab is left out otherwise). */
export function ProjectTabs({ slug, auditLog }: { slug: string; auditLog: boolean }) {
  const pathname = usePathname();
  const base = `/projects/${slug}`;
  return (
    <nav className="tabs">
      {TABS.filter((tab) => auditLog || tab.path !== "/audit").map((tab) => {
        const href = base + tab.path;
        const active = tab.path === "" ? pathname === base : pathname.startsWith(href);
        return (
          <Link key={tab.label} href={href} className={active ? "active" : undefined}>
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
