import { projectRoute } from "@/lib/api";
import { ZBrowseRowsQuery } from "@/features/data/schemas";
import { browseRows } from "@/features/data/server/browse-rows";

/** Data browser: ?q=&kind=&dataset=&minChars=&maxChars=&cursor=&limit= (100 rows a page, keyset cursor). */
export const GET = projectRoute({ action: "project.read" }, ({ request, access }) =>
  browseRows({ access, query: ZBrowseRowsQuery.parse(Object.fromEntries(request.nextUrl.searchParams)) }),
);
