import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { FieldError } from "~/shared/ui/form";

/** Server answers carry translation keys; these become the messages of the error summary and fields. */
export type ErrorKeys = Partial<Record<string, string>>;

export interface ActionErrors {
  errors: ErrorKeys;
  /** Interpolation values for the messages (e.g. minutes to wait). */
  params?: Record<string, number | string>;
}

/** The errors in page order, translated, for ErrorSummary; and a lookup for each field's message. */
export function useFormErrors(data: ActionErrors | undefined, order: string[]) {
  const { t } = useTranslation();
  const errors = data?.errors ?? {};
  const message = (field: string): string | undefined => {
    const key = errors[field];
    return key ? (t(key as never, data?.params ?? {}) as string) : undefined;
  };
  const list: FieldError[] = [...order, ...Object.keys(errors).filter((f) => !order.includes(f))]
    .filter((f) => errors[f])
    .map((f) => ({ field: f === "form" ? (order[0] ?? "main") : f, message: message(f)! }));
  useErrorTitle(list.length > 0);
  return { list, message };
}

/**
 * After a JavaScript submission the server's "Error: " title prefix (see accountMeta) is not rendered
 * again, so add it here too: screen-reader users hear the title first.
 */
export function useErrorTitle(hasErrors: boolean) {
  const { t } = useTranslation();
  useEffect(() => {
    const prefix = t("meta.errorPrefix");
    if (hasErrors && !document.title.startsWith(prefix)) document.title = `${prefix}${document.title}`;
    if (!hasErrors && document.title.startsWith(prefix)) document.title = document.title.slice(prefix.length);
  });
}

/** A confirmation after a redirect ("Your business has been added."). */
export function SuccessNotice({ children }: { children: React.ReactNode }) {
  return (
    <div className="portal-success" role="status">
      <p>{children}</p>
    </div>
  );
}

/**
 * A key that changes with every answer from the server. Password fields use it to start empty again
 * after an error, as they do without JavaScript: a refused password is never shown back.
 */
export function useResetKey(answer: unknown): string {
  const ref = useRef<{ answer: unknown; n: number }>({ answer, n: 0 });
  if (ref.current.answer !== answer) ref.current = { answer, n: ref.current.n + 1 };
  return `attempt-${ref.current.n}`;
}
