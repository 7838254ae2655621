import { apiRoute } from "@/lib/api";
import { ZBrowseRowsQuery } from "@/features/data/schemas";
import { browseRows } from "@/features/data/server/browse-rows";

/** Data browser: ?q=&kind=&dataset=&minChars=&maxChars=&cursor=&limit= (100 rows a page, keyset cursor). */
export const GET = apiRoute<{ slug: string }>(async ({ request, params, userId }) =>
  browseRows({
    slug: params.slug,
    userId,
    query: ZBrowseRowsQuery.parse(Object.fromEntries(request.nextUrl.searchParams)),
  }),
);
