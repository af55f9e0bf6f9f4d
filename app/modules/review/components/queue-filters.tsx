import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ChoiceGroup, SelectField, TextField } from "~/shared/ui/form";
import { statusName } from "~/modules/applications";
import { REGIONS, SECTORS } from "~/modules/eligibility";
import { codeName } from "~/modules/eligibility";
import { pick } from "~/shared/i18n";
import { QUEUE_STATUSES } from "~/modules/review/queue-policy";
import "~/modules/review/queue.css";
import type { loader } from "~/routes/admin.applications._index";

/** The queue's filters as a GET form, so every view has an address and works without JavaScript. */
export function QueueFilters() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { locale, filters } = data;
  const assigneeValue =
    filters.assignee.kind === "user" ? String(filters.assignee.id) : filters.assignee.kind === "default" ? "" : filters.assignee.kind;
  return (
    <>
      {/* Keyed by the filters so that after back/forward the fields show that address's values; autocomplete
        off stops the browser restoring what was typed before (without JavaScript) over them. */}
      <Form method="get" key={data.formKey} autoComplete="off" className="portal-queue-filters" aria-labelledby="queue-filters-heading">
        <h2 id="queue-filters-heading">{t("queue.filters.heading")}</h2>
        <TextField
          name="q"
          label={t("queue.filters.search")}
          hint={t("queue.filters.searchHint")}
          defaultValue={filters.search ?? ""}
          maxLength={100}
        />
        <div className="portal-queue-grid">
          <SelectField
            name="programme"
            label={t("queue.filters.programme")}
            placeholder={t("queue.filters.anyProgramme")}
            defaultValue={filters.programmes[0] ?? ""}
            options={data.programmes.map((p) => ({ value: p.slug, label: pick(p, "name", locale) }))}
          />
          <SelectField
            name="assignee"
            label={t("queue.filters.assignee")}
            defaultValue={assigneeValue}
            options={[
              { value: "", label: t("queue.filters.assigneeDefault") },
              { value: "me", label: t("queue.filters.assigneeMe") },
              { value: "unassigned", label: t("queue.filters.assigneeUnassigned") },
              { value: "anyone", label: t("queue.filters.assigneeAnyone") },
              ...data.staff.map((s) => ({ value: String(s.id), label: s.email })),
            ]}
          />
          <SelectField
            name="region"
            label={t("queue.filters.region")}
            placeholder={t("queue.filters.anyRegion")}
            defaultValue={filters.region ?? ""}
            options={REGIONS.map((r) => ({ value: r, label: codeName(r, locale) }))}
          />
          <SelectField
            name="sector"
            label={t("queue.filters.sector")}
            placeholder={t("queue.filters.anySector")}
            defaultValue={filters.sector ?? ""}
            options={SECTORS.map((s) => ({ value: s, label: codeName(s, locale) }))}
          />
          <TextField
            name="from"
            type="date"
            label={t("queue.filters.from")}
            hint={t("queue.filters.dateHint")}
            defaultValue={filters.submittedFrom ?? ""}
          />
          <TextField
            name="to"
            type="date"
            label={t("queue.filters.to")}
            hint={t("queue.filters.dateHint")}
            defaultValue={filters.submittedTo ?? ""}
          />
          <TextField
            name="waiting"
            inputMode="numeric"
            label={t("queue.filters.waiting")}
            hint={t("queue.filters.waitingHint")}
            defaultValue={filters.waitingMoreThanDays === null ? "" : String(filters.waitingMoreThanDays)}
            maxLength={4}
          />
          <SelectField
            name="sort"
            label={t("queue.filters.sort")}
            defaultValue={filters.sort}
            options={[
              { value: "oldest", label: t("queue.filters.sortOldest") },
              { value: "newest", label: t("queue.filters.sortNewest") },
              { value: "amount", label: t("queue.filters.sortAmount") },
            ]}
          />
        </div>
        <ChoiceGroup
          name="status"
          type="checkbox"
          inline
          legend={t("queue.filters.status")}
          hint={t("queue.filters.statusHint")}
          defaultValue={filters.statuses}
          options={QUEUE_STATUSES.map((s) => ({ value: s, label: statusName(s)[locale] }))}
        />
        <div className="portal-actions">
          <button type="submit" className="krds-btn primary">
            {t("queue.filters.apply")}
          </button>{" "}
          <Link to="/admin/applications" className="krds-btn tertiary">
            {t("queue.filters.clear")}
          </Link>
        </div>
      </Form>
    </>
  );
}
