import { NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { hasStaffRole, type Role } from "~/modules/accounts";

/** The staff area's own navigation; each link only for the roles that may use it. */
export function AdminNav({ role }: { role: Role }) {
  const { t } = useTranslation();
  const links = [
    { to: "/admin", label: t("adminNav.dashboard"), end: true, show: hasStaffRole(role, "caseworker") },
    { to: "/admin/applications", label: t("adminNav.applications"), end: false, show: hasStaffRole(role, "caseworker") },
    { to: "/admin/objections", label: t("adminNav.objections"), end: false, show: hasStaffRole(role, "caseworker") },
    { to: "/admin/programmes", label: t("adminNav.programmes"), end: false, show: hasStaffRole(role, "supervisor") },
    { to: "/admin/payments", label: t("adminNav.payments"), end: false, show: hasStaffRole(role, "supervisor") },
    { to: "/admin/audit", label: t("adminNav.audit"), end: false, show: hasStaffRole(role, "supervisor") },
    { to: "/admin/verified-lists", label: t("adminNav.verifiedLists"), end: false, show: hasStaffRole(role, "supervisor") },
    { to: "/admin/recommendations", label: t("adminNav.recommendations"), end: false, show: hasStaffRole(role, "caseworker") },
    { to: "/admin/business-numbers", label: t("adminNav.businessNumbers"), end: false, show: hasStaffRole(role, "caseworker") },
    { to: "/admin/staff", label: t("adminNav.staff"), end: false, show: hasStaffRole(role, "admin") },
  ].filter((l) => l.show);
  return (
    <nav className="portal-admin-nav" aria-label={t("adminNav.label")}>
      <ul>
        {links.map((l) => (
          <li key={l.to}>
            <NavLink to={l.to} end={l.end}>
              {l.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
